"""Scheduled jobs of the negotiation app, registered with yingkou.scheduling (SPEC §6)."""

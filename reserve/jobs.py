"""Scheduled jobs of the reserve app, registered with yingkou.scheduling (SPEC §6)."""

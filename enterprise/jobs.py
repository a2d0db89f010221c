"""Scheduled jobs of the enterprise app, registered with yingkou.scheduling (SPEC §6)."""

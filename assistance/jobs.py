"""Scheduled jobs of the assistance app, registered with yingkou.scheduling (SPEC §6)."""

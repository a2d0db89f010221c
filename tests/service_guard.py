"""Tests that need a real service: skipped on a developer machine without it, failed under CI."""

import os
import socket

import pytest


def require_service(name: str, host: str, port: int) -> None:
    try:
        with socket.create_connection((host, port), timeout=2):
            return
    except OSError as exc:
        message = f"{name} is not reachable at {host}:{port} ({exc})"
        if os.environ.get("CI"):
            pytest.fail(message + "; under CI this service is required")
        pytest.skip(message)

"""Ctrl-C in the interactive demo ends it cleanly: the bot stops, no traceback, exit code 0."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path


def _read_until(fd: int, marker: bytes, limit: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + limit
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_ctrl_c_ends_the_demo_without_traceback(tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    process = subprocess.Popen(
        [sys.executable, "-m", "rakbot", "demo"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    os.close(secondary)
    try:
        shown = _read_until(primary, b"(privat)> ", 60)
        assert b"Demo" in shown and b"(privat)> " in shown, shown
        os.write(primary, b"/kontakt\n")
        shown = _read_until(primary, b"(privat)> ", 30)
        assert "Bornsche Straße 2".encode() in shown, shown
        process.send_signal(signal.SIGINT)
        rest = _read_until(primary, b"\x00never", 20)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)
    assert code == 0, rest
    assert b"Traceback" not in rest and b"Error" not in rest, rest
    assert b"Demo beendet." in rest

"""Run `rakbot …` as an operator would: a process of its own, a clean environment, a fresh
working directory (no `.env` of the developer's)."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def last_error_line(self) -> str:
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""


async def rakbot(cwd: Path, *args: str, stdin: str | None = None, **env: str) -> Outcome:
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.update(env)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "rakbot",
        *args,
        cwd=cwd,
        env=clean,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(
        process.communicate(stdin.encode() if stdin is not None else None), 60
    )
    assert process.returncode is not None
    return Outcome(process.returncode, out.decode(), err.decode())

"""The bot as a real separate process against the emulator in the test process, so that it can
be killed with SIGKILL like a crashed machine.

Each process runs `rakbot.cli.main(["run"])`, i.e. `python -m rakbot run`; it is forked from a
`Zygote` that imported the bot once, so that a restart does not pay the import time again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rakbot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import COORDINATOR_ID

ROOT = Path(__file__).resolve().parents[2]


class Zygote:
    """`python -m tests.resilience.zygote`: forks bot processes on request."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.resilience.zygote"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.children: list[int] = []

    async def fork(self, argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> int:
        request = {"argv": argv, "env": env, "cwd": str(cwd), "log": str(log)}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        line = await asyncio.to_thread(self.process.stdout.readline)
        if not line:
            raise AssertionError("the zygote process died")
        self.children.append(int(line))
        return int(line)

    def close(self) -> None:
        """End the zygote and any bot a failed test left running."""
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class BotProcess:
    emu: BotApiEmulator
    database_url: str
    log_dir: Path
    name: str = "bot"
    extra_env: dict[str, str] = field(default_factory=dict)
    webhook: bool = False
    zygote: Zygote | None = None
    pid: int | None = None
    starts: int = 0

    def env(self, clock_offset: float) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=self.emu.token,
            TELEGRAM_API_BASE_URL=self.emu.base_url,
            DATABASE_URL=self.database_url,
            COORDINATOR_IDS=str(COORDINATOR_ID),
            CLOCK_OFFSET_SECONDS=str(clock_offset),
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    async def start(self, *, clock_offset: float = 0.0, ready: float = 30.0) -> None:
        """Start the process and return once it takes updates: it set its webhook, or it cleared
        the webhook before polling (a long poll is recorded only when it returns)."""
        assert self.zygote is not None
        assert self.pid is None or not alive(self.pid)
        self.starts += 1
        argv = ["run", *(["--webhook"] if self.webhook else [])]
        marker = "setWebhook" if self.webhook else "deleteWebhook"
        seen = sum(1 for call in self.emu.calls if call.method == marker)
        self.pid = pid = await self.zygote.fork(
            argv, self.env(clock_offset), self.log_dir, self.log_path
        )

        def up() -> bool:
            if not alive(pid):
                raise AssertionError(f"{self.name} exited at start-up; see {self.log_path}")
            return sum(1 for call in self.emu.calls if call.method == marker) > seen

        await self.emu.wait_for(up, ready)

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}-{self.starts}.log"

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def kill(self) -> None:
        """SIGKILL: no clean-up, no last commit, like a power cut."""
        await self._signal(signal.SIGKILL)

    async def stop(self) -> None:
        """SIGTERM: the documented clean shutdown."""
        await self._signal(signal.SIGTERM)

    async def _signal(self, sig: signal.Signals) -> None:
        pid = self.pid
        if pid is None or not alive(pid):
            return
        os.kill(pid, sig)
        for _ in range(200):
            if not alive(pid):
                return
            await asyncio.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

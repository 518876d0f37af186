"""Test entry point: import the bot once, then fork a fresh bot process per request.

`python -m rakbot run` spends most of its start-up importing; the crash tests restart the bot
many times. This process imports everything once and, for each JSON line on stdin
(``{"argv": [...], "env": {...}, "cwd": ..., "log": ...}``), forks a child that runs exactly
what `python -m rakbot` runs (`rakbot.cli.main`), and prints the child's pid. The children are
real processes: SIGKILL ends them without any clean-up. Not used outside the tests.
"""

from __future__ import annotations

import json
import os
import signal
import sys

import handlers  # noqa: F401 - imported once here, inherited by every child
import rakbot.bot
import rakbot.cli


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.environ.clear()
            os.environ.update(request["env"])
            os.chdir(request["cwd"])
            log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.close(log)
            sys.stdin.close()
            code = 1
            try:
                code = rakbot.cli.main(request["argv"])
            finally:
                os._exit(code)
        print(pid, flush=True)


if __name__ == "__main__":
    main()

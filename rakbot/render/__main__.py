"""The render worker: one job as JSON on standard input, the file on standard output."""

from __future__ import annotations

import json
import sys

from rakbot.render.jobs import run


def main() -> int:
    job = json.load(sys.stdin)
    sys.stdout.buffer.write(run(str(job["job"]), job["data"]))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

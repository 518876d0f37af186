"""Runs one scenario in this process and prints its figures as JSON (the last line of output).

`python -m benchmarks.worker throughput '{"bot": "full", "db": "sqlite", "count": 200}'`
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys

MODULES = ("throughput", "fanout", "datascale", "startup", "transport", "charts")


def main() -> int:
    name, params = sys.argv[1], json.loads(sys.argv[2])
    if name not in MODULES:
        raise SystemExit(f"unknown benchmark {name!r}; one of {', '.join(MODULES)}")
    module = importlib.import_module(f"benchmarks.{name}")
    result = asyncio.run(module.run(params))
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

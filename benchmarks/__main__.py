"""`python -m benchmarks [--only …] [--db sqlite|postgresql] [--quick] [--fanout 1000,10000]`

Runs each scenario in a fresh process (benchmarks/worker.py) and prints Markdown tables; every
figure stands next to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT

ALL = ("throughput", "fanout", "datascale", "startup", "transport", "charts")


def scenario(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Run one scenario in its own interpreter; its last output line is the JSON result."""
    print(f"  … {name} {json.dumps(params)}", file=sys.stderr, flush=True)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", name, json.dumps(params)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"{name} failed ({out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "–"


def machine() -> str:
    cpu = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average before: {load}"
    )


def run_throughput(dbs: list[str], quick: bool) -> tuple[str, list[dict[str, Any]]]:
    """Flooded and paced runs of the bare bot and of rakbot with its flood limits lifted; with
    the limits, a flooded run only: paced at 100 updates/s this mix offers ~90 messages/s to a
    bot that may send 29, so its queue (and latency) grows without bound by design."""
    count = 60 if quick else 1000
    limited_count = 60 if quick else 300
    rate_count = 50 if quick else 1000
    results = []
    lifted = {"BENCH_FLOOD_LIMITS": "off"}
    runs: list[tuple[str, dict[str, Any], bool]] = [
        ("bare PTB bot (baseline)", {"bot": "bare"}, True)
    ]
    for db in dbs:
        runs.append(
            (f"rakbot, {db}, flood limits lifted", {"bot": "full", "db": db, "env": lifted}, True)
        )
        runs.append(
            (f"rakbot, {db}, with Telegram's flood limits", {"bot": "full", "db": db}, False)
        )
    rows = []
    base: dict[str, Any] = {}
    for label, params, paced_too in runs:
        flood = scenario("throughput", {**params, "count": count if paced_too else limited_count})
        paced = (
            scenario("throughput", {**params, "count": rate_count, "rate": 100})
            if paced_too
            else None
        )
        results.append({"label": label, "flood": flood, "paced": paced})
        if not base:
            base = flood
        speed = flood["updates_per_s"]
        rows.append(
            [
                label,
                flood["updates"],
                f"{speed} ({ratio(speed, base['updates_per_s'])})",
                f"{flood['p50_ms']} / {flood['p95_ms']} / {flood['p99_ms']}",
                f"{paced['p50_ms']} / {paced['p95_ms']} / {paced['p99_ms']}" if paced else "–",
                paced["e2e_p99_ms"] if paced else "–",
                flood["bot_cpu_ms_per_update"],
                max(flood["peak_rss_mb"], paced["peak_rss_mb"] if paced else 0),
                flood["lost"] + (paced["lost"] if paced else 0),
                flood["violations"] + (paced["violations"] if paced else 0),
            ]
        )
    text = table(
        [
            "bot",
            "updates",
            "updates/s flooded (vs bare)",
            "handler ms p50/p95/p99 flooded",
            "handler ms p50/p95/p99 at 100/s",
            "end-to-end p99 ms at 100/s",
            "bot CPU ms/update",
            "peak RSS MB",
            "lost",
            "API violations",
        ],
        rows,
    )
    return text, results


def run_fanout(sizes: list[int], db: str) -> tuple[str, list[dict[str, Any]]]:
    results = [scenario("fanout", {"count": n, "db": db}) for n in sizes]
    rows = [
        [
            r["chats"],
            r["bound_s"],
            r["seconds_from_due"],
            f"{r['vs_bound']:.2f}×",
            r["lost"],
            r["duplicates"],
            r["http_429"],
            r["bot_cpu_ms_per_message"],
            r["peak_rss_mb"],
        ]
        for r in results
    ]
    text = table(
        [
            f"private chats ({db})",
            "bound (N+1)/30 s",
            "due → last delivered, s",
            "vs bound",
            "lost",
            "duplicates",
            "429s",
            "bot CPU ms/message",
            "peak RSS MB",
        ],
        rows,
    )
    return text, results


def run_datascale(dbs: list[str], quick: bool) -> tuple[str, list[dict[str, Any]]]:
    scales = [0.02, 0.04] if quick else [0.1, 1.0]
    repeat = 3 if quick else 30
    results, rows = [], []
    for db in dbs:
        small, big = (
            scenario("datascale", {"scale": s, "db": db, "repeat": repeat}) for s in scales
        )
        results += [small, big]
        for label, key in (
            ("vote press", "vote_ms"),
            ("/mitglieder", "roster_ms"),
            ("close ballot", "close_ms"),
        ):
            rows.append(
                [
                    f"{label}, {db}",
                    small[key],
                    big[key],
                    big[key.replace("_ms", "_p95_ms")],
                    ratio(big[key], small[key]),
                ]
            )
        scans = big["full_scans"]
        rows.append(
            [f"full table scans found, {db}", "", len(scans) if db == "sqlite" else "n/a", "", ""]
        )
    big = results[-1]
    text = table(
        [
            "operation",
            f"median ms at {scales[0]}×",
            f"median ms at {scales[1]}× ({big['votes']:,} votes, {big['members']:,} members)",
            f"p95 ms at {scales[1]}×",
            "growth",
        ],
        rows,
    )
    return text, results


def run_startup(db: str) -> tuple[str, list[dict[str, Any]]]:
    r = scenario("startup", {"db": db})
    rows = [
        [
            "process start → first getUpdates, restart",
            r["restart_s"],
            ratio(r["restart_s"], r["bare_start_s"]),
        ],
        [
            "process start → first getUpdates, empty database (migrations)",
            r["first_start_s"],
            ratio(r["first_start_s"], r["bare_start_s"]),
        ],
        ["bare PTB bot: process start → first getUpdates (baseline)", r["bare_start_s"], "1.00×"],
        ["import rakbot.cli, rakbot.bot", r["import_s"], ratio(r["import_s"], r["import_ptb_s"])],
        ["import telegram.ext (baseline)", r["import_ptb_s"], "1.00×"],
    ]
    text = table([f"start-up ({db})", "seconds", "vs baseline"], rows)
    text += "\n\nSlowest imports (cumulative): " + ", ".join(r["slowest_imports"])
    return text, [r]


def run_transport(quick: bool) -> tuple[str, list[dict[str, Any]]]:
    r = scenario("transport", {"count": 200 if quick else 2000})
    httpx = next(t for t in r["transports"] if t["transport"] == "httpx")
    rows = [
        [
            f"{t['transport']}" + (" (PTB's default)" if t["transport"] == "httpx" else ""),
            t["calls"],
            t["cpu_ms_per_call"],
            ratio(t["cpu_ms_per_call"], httpx["cpu_ms_per_call"]),
            t["calls_per_s"],
        ]
        for t in r["transports"]
    ]
    text = table(
        ["Bot API transport", "calls", "client CPU ms/call", "vs httpx", "calls/s (8 in flight)"],
        rows,
    )
    return text, [r]


def run_charts(db: str) -> tuple[str, list[dict[str, Any]]]:
    r = scenario("charts", {"db": db})
    full, bare = r["rakbot"], r["bare"]
    rows = [
        [
            "process start → first chart (/diagramm anwesenheit waiting)",
            full["from_start_s"],
            ratio(full["from_start_s"], bare["from_start_s"]),
        ],
        ["bot ready → first chart (cold render worker)", full["from_ready_s"], "–"],
        ["next charts, median (warm worker)", full["next_median_s"], "–"],
        ["bare PTB bot: process start → first answer (baseline)", bare["from_start_s"], "1.00×"],
        [
            "bot process peak RSS MB, charts in use",
            full["peak_rss_mb"],
            ratio(full["peak_rss_mb"], bare["peak_rss_mb"]),
        ],
        ["render worker peak RSS MB (own process)", full["worker_peak_rss_mb"], "–"],
        ["bare PTB bot peak RSS MB (baseline)", bare["peak_rss_mb"], "1.00×"],
    ]
    text = table([f"charts ({db})", "figure", "vs baseline"], rows)
    text += f"\n\nLoad average (1 min) before / after: {r['load_before']} / {r['load_after']}"
    return text, [r]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", default=",".join(ALL), help="comma-separated: " + ", ".join(ALL))
    parser.add_argument(
        "--db", default="sqlite,postgresql", help="sqlite, postgresql or both (comma-separated)"
    )
    parser.add_argument("--quick", action="store_true", help="minimal sizes (a smoke run)")
    parser.add_argument(
        "--fanout", default=None, help="chat counts, e.g. 1000,10000 (default 1000)"
    )
    parser.add_argument("--json", type=Path, help="also write every raw figure to this file")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    dbs = [db.strip() for db in args.db.split(",") if db.strip()]
    unknown = [name for name in only if name not in ALL] + [
        d for d in dbs if d not in ("sqlite", "postgresql")
    ]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    sizes = [int(n) for n in (args.fanout or ("20" if args.quick else "1000")).split(",")]
    print(f"Machine: {machine()}\n")
    raw: dict[str, Any] = {}
    for name in only:
        if name == "throughput":
            text, raw[name] = run_throughput(dbs, args.quick)
        elif name == "fanout":
            text, raw[name] = run_fanout(sizes, dbs[0])
        elif name == "datascale":
            text, raw[name] = run_datascale(dbs, args.quick)
        elif name == "transport":
            text, raw[name] = run_transport(args.quick)
        elif name == "charts":
            text, raw[name] = run_charts(dbs[0])
        else:
            text, raw[name] = run_startup(dbs[0])
        print(f"### {name}\n\n{text}\n", flush=True)
        if args.json:
            args.json.write_text(json.dumps(raw, indent=2, ensure_ascii=False))
    print(f"Load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

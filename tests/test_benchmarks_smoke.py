"""Keeps the benchmark harness working: a minimal run of its scenarios, checked for correctness only
(nothing lost, nothing twice); the figures themselves are measured by hand with
`python -m benchmarks`."""

from __future__ import annotations

from benchmarks import fanout, throughput, transport


async def test_throughput_harness_loses_nothing() -> None:
    result = await throughput.run({"bot": "full", "db": "sqlite", "count": 20})
    assert result["lost"] == 0
    assert result["errors"] == 0


async def test_fanout_harness_delivers_each_reminder_once() -> None:
    result = await fanout.run({"count": 10, "db": "sqlite", "lead": 3})
    assert result["delivered"] == result["messages_expected"] == 11
    assert result["lost"] == 0
    assert result["duplicates"] == 0


async def test_transport_harness_measures_both_transports() -> None:
    result = await transport.run({"count": 20})
    assert [t["transport"] for t in result["transports"]] == ["httpx", "aiohttp"]
    assert all(t["calls"] == 20 and t["cpu_ms_per_call"] > 0 for t in result["transports"])

"""Benchmarks of the real bot against the Bot API emulator over HTTP; run by hand:
`python -m benchmarks`.

Each scenario runs in a fresh Python process so that its peak RSS is its own; figures are quoted
against a baseline measured in the same run.
"""

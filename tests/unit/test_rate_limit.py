from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rakbot.domain.rate_limit import Limit, next_allowed

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LIMIT = Limit(count=3, window=timedelta(hours=24))


def test_the_fourth_waits_until_the_first_leaves_the_window() -> None:
    earlier = [NOW - timedelta(hours=h) for h in (20, 5, 1)]
    assert next_allowed(earlier, NOW, LIMIT) == NOW + timedelta(hours=4)
    assert next_allowed(earlier[1:], NOW, LIMIT) is None
    assert next_allowed([NOW - timedelta(hours=25), *earlier[1:]], NOW, LIMIT) is None


@given(st.lists(st.integers(min_value=0, max_value=48 * 60), max_size=8))
def test_never_more_than_the_limit_inside_any_window(minutes_ago: list[int]) -> None:
    earlier = [NOW - timedelta(minutes=m) for m in minutes_ago]
    until = next_allowed(earlier, NOW, LIMIT)
    at = NOW if until is None else until
    assert until is None or until > NOW
    inside = [t for t in earlier if t > at - LIMIT.window]
    assert len(inside) < LIMIT.count

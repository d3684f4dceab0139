"""The comment rate limit judges the last N seconds, wherever the window boundaries fall."""

import uuid

from newsroom import ratelimit

LIMIT = ratelimit.Limit(count=5, seconds=60)


def attempts(times, identity=None):
    identity = identity or uuid.uuid4().hex
    return [ratelimit.hit("test", identity, LIMIT, now=t) for t in times]


def test_a_burst_across_a_window_boundary_is_one_burst():
    # 14 quick posts, the boundary at 600 s falls after the ninth.
    waits = attempts([591 + n for n in range(14)])
    assert [w == 0 for w in waits] == [True] * 5 + [False] * 9


def test_the_limit_lets_posts_through_again_once_the_last_minute_was_quiet():
    identity = uuid.uuid4().hex
    assert attempts([600 + n for n in range(5)], identity) == [0] * 5
    assert attempts([606], identity)[0] > 0
    assert attempts([725], identity) == [0]  # two minutes on: nothing left in view


def test_the_wait_it_gives_is_long_enough_and_not_much_longer():
    identity = uuid.uuid4().hex
    attempts([600 + n for n in range(5)], identity)
    wait = attempts([610], identity)[0]
    assert 0 < wait <= 120
    # Trying again after the wait it named is let through.
    assert attempts([610 + wait], identity) == [0]


def test_identities_and_scopes_count_separately():
    one, other = uuid.uuid4().hex, uuid.uuid4().hex
    attempts([600 + n for n in range(6)], one)
    assert attempts([607], other) == [0]
    assert ratelimit.hit("other-scope", one, LIMIT, now=607) == 0

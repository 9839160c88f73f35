"""Turns a lost Redis connection into the application's DependencyUnavailable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from application.errors import DependencyUnavailable

CONNECTION_ERRORS = (RedisConnectionError, RedisTimeoutError)


@contextmanager
def unavailable_when_unreachable(what: str) -> Iterator[None]:
    """Usable as `with` block or decorator. Only connection loss is translated: a command
    Redis rejects is a bug of ours and should surface as such."""
    try:
        yield
    except CONNECTION_ERRORS as error:
        raise DependencyUnavailable(f"{what} unavailable: cannot reach Redis") from error


def as_text(value: bytes | str) -> str:
    """Replies are bytes or str depending on the caller's `decode_responses`; accept both."""
    return value.decode() if isinstance(value, bytes) else value


def milliseconds(seconds: float) -> int:
    """TTLs go to Redis in milliseconds so tests can use fractions of a second."""
    return max(1, round(seconds * 1000))

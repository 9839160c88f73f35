"""Live streams (WS /v1/realtime): how many, how they are cut and decoded, how long they may run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class LiveSettings:
    live_max_streams: int = opt(8, "live streams (WS /v1/realtime) this process runs at once; 0 for no limit")
    live_max_streams_per_key: int = opt(
        4, "live streams per API key in one process (all callers together without keys); 0 for no limit"
    )
    live_decode_interval_seconds: float = opt(
        0.5, "a live utterance is decoded again after this much more audio, for its deltas"
    )
    live_max_utterance_seconds: float = opt(
        30.0, "a live utterance is cut at this length whatever the voice activity (at most 30)"
    )
    live_idle_seconds: float = opt(30.0, "a live stream that sends nothing for this long is closed (4408)")
    live_max_stream_seconds: float = opt(3600.0, "longest live stream, in seconds of audio (4413 beyond)")
    live_max_ahead_seconds: float = opt(
        10.0, "how far ahead of real time a live client may send audio; what is further ahead is refused"
    )


def _live_times(s: LiveSettings) -> tuple[float, ...]:
    return (s.live_decode_interval_seconds, s.live_idle_seconds, s.live_max_stream_seconds, s.live_max_ahead_seconds)


# When one of these settings is broken, and what is said ({p}: the prefix), checked in this order.
LIVE_BOUNDS: tuple[tuple[Callable[[LiveSettings], bool], str], ...] = (
    (
        lambda s: not 1.0 <= s.live_max_utterance_seconds <= 30.0,
        "{p}LIVE_MAX_UTTERANCE_SECONDS must lie between 1 and 30",
    ),
    (
        lambda s: min(_live_times(s)) <= 0 or min(s.live_max_streams, s.live_max_streams_per_key) < 0,
        "{p}LIVE_* times must be positive, LIVE_MAX_STREAMS and LIVE_MAX_STREAMS_PER_KEY not negative",
    ),
)

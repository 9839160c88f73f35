"""What one caller and one API process may hold at once, and how uploads and shutdown are timed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class LimitSettings:
    rate_limit_per_minute: int = opt(
        600, "submissions per API key per minute (all callers together without keys); 0 for no limit"
    )
    max_active_jobs_per_key: int = opt(200, "queued and running jobs an API key may have at once; 0 for no limit")
    max_stored_bytes_per_key: int = opt(
        8 * 1024**3,
        "bytes of audio an API key may have stored at once (413 storage_quota_exceeded beyond); 0 for no limit",
    )
    keep_audio: bool = opt(
        False,
        "keep a job's audio after it completes, fails or is cancelled (until the job is deleted or its retention ends)",
    )
    max_sockets_per_key: int = opt(
        1000, "open WebSockets per API key in one API process (close code 4429 beyond); 0 for no limit"
    )
    max_connections: int = opt(
        4096, "connections and requests one API process serves at once (HTTP 503 beyond); 0 for no limit"
    )
    upload_stall_seconds: float = opt(30.0, "an upload whose body stops arriving for this long is refused (408)")
    upload_min_bytes_per_second: int = opt(
        4096,
        "an upload arriving more slowly than this on average, once past the stall time, is refused (408); 0 for no minimum",
    )
    max_uploads_per_key: int = opt(
        16,
        "uploads an API key may send at once to one API process (all callers together without keys; 429 beyond); 0 for no limit",
    )
    upload_threads: int = opt(8, "threads that write uploads to storage, apart from those serving the rest of the API")
    sync_concurrency: int = opt(
        0,
        "synchronous transcriptions (POST /v1/audio/transcriptions) run at once, on threads of their own; 4 wait per one running, a key holds half the places at most; 0: the same as VOXRELAY_CONCURRENCY",
    )
    sync_max_audio_seconds: float = opt(
        1800.0, "longest audio the synchronous route accepts (never more than VOXRELAY_MAX_AUDIO_SECONDS)"
    )
    shutdown_drain_seconds: float = opt(
        30.0, "on SIGTERM, how long requests and running jobs get to finish, side by side: both counted from the signal"
    )


# When one of these settings is broken, and what is said ({p}: the prefix), checked in this order.
LIMIT_BOUNDS: tuple[tuple[Callable[[LimitSettings], bool], str], ...] = (
    (lambda s: s.max_stored_bytes_per_key < 0, "{p}MAX_STORED_BYTES_PER_KEY cannot be negative"),
    (
        lambda s: min(s.rate_limit_per_minute, s.max_active_jobs_per_key, s.max_sockets_per_key) < 0,
        "{p}RATE_LIMIT_PER_MINUTE, MAX_ACTIVE_JOBS_PER_KEY and MAX_SOCKETS_PER_KEY cannot be negative",
    ),
    (
        lambda s: min(s.upload_min_bytes_per_second, s.max_uploads_per_key, s.sync_concurrency, s.max_connections) < 0,
        "{p}UPLOAD_MIN_BYTES_PER_SECOND, MAX_UPLOADS_PER_KEY, SYNC_CONCURRENCY and MAX_CONNECTIONS cannot be negative",
    ),
    (
        lambda s: s.upload_threads < 1 or s.sync_max_audio_seconds <= 0,
        "{p}UPLOAD_THREADS must be at least 1, {p}SYNC_MAX_AUDIO_SECONDS positive",
    ),
    (
        lambda s: s.upload_stall_seconds <= 0 or s.shutdown_drain_seconds < 0,
        "{p}UPLOAD_STALL_SECONDS must be positive, {p}SHUTDOWN_DRAIN_SECONDS not negative",
    ),
)

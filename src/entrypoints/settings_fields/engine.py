"""The speech-to-text engine: which models, how they decode, how many jobs run at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class EngineSettings:
    whisper_model: str = opt("tiny.en", "model name, or a path to a CTranslate2 model folder")
    models: str = opt(
        "",
        "models clients may name, comma-separated: one installed (tiny.en, base), name=/path/to/a/ctranslate2/folder, or a faster-whisper hub name this server may download (small); nothing else is ever downloaded; empty: the default model and those installed",
    )
    whisper_device: str = opt("cpu", "cpu, cuda or auto")
    whisper_compute_type: str = opt("int8", "CTranslate2 compute type (int8, float16, ...)")
    whisper_beam_size: int = opt(5, "beam size for decoding")
    whisper_threads: int = opt(0, "CPU threads per running job; 0 shares the cores among jobs")
    whisper_language: str = opt("", "force a language (ISO 639-1); empty detects or uses the model's")
    whisper_word_timestamps: bool = opt(True, "compute per-word timings")
    whisper_vad: bool = opt(False, "skip silence with the Silero VAD filter")
    speakers: bool = opt(
        False,
        "label who spoke when in every job that does not say (the `speakers` form field); needs the speakers extra with the whisper engine, VOXRELAY_AWS_MAX_SPEAKERS with aws",
    )
    whisper_words_move_windows: bool = opt(
        False,
        "word timings as faster-whisper makes them, each next 30 s window starting at the last word's end (the text can differ from a run without them); false: the text of a run without word timings, words aligned afterwards",
    )
    whisper_models_max_bytes: int = opt(
        2 * 1024**3,
        "most bytes of models loaded at once, Whisper's estimated from model.bin sizes and the speaker diarizer's; the least recently used idle one is unloaded first; 0 for no bound",
    )
    whisper_model_idle_seconds: float = opt(
        900.0, "unload a model unused this long (not the default model); 0 keeps models loaded"
    )
    concurrency: int = opt(
        1,
        "transcriptions run at once in this process; auto: cores // threads per job, with threads per job VOXRELAY_WHISPER_THREADS or min(4, cores)",
    )
    whisper_batch_threshold_seconds: float = opt(
        60.0,
        "audio longer than this (and than one 30 s window) is cut at speech pauses into spans of one window, decoded VOXRELAY_WHISPER_BATCH_SIZE at a time; 0 decodes it window after window",
    )
    whisper_batch_size: int = opt(8, "spans (long audio) or clips (cross-request batching) decoded together")
    batch_jobs: int = opt(
        8,
        "short clips of different waiting jobs decoded together (each exactly as alone), at most this many; 1 turns cross-request batching off",
    )
    batch_wait_seconds: float = opt(
        0.0, "how long a worker waits for more short clips to fill a batch while other jobs run (never when idle)"
    )


# When one of these settings is broken, and what is said ({p}: the prefix), checked in this order.
ENGINE_BOUNDS: tuple[tuple[Callable[[EngineSettings], bool], str], ...] = (
    (lambda s: s.concurrency < 0, "{p}CONCURRENCY must be auto or at least 1"),
    (
        lambda s: s.whisper_batch_size < 1 or s.batch_jobs < 1,
        "{p}WHISPER_BATCH_SIZE and {p}BATCH_JOBS must be at least 1",
    ),
    (
        lambda s: s.whisper_models_max_bytes < 0 or s.whisper_model_idle_seconds < 0,
        "{p}WHISPER_MODELS_MAX_BYTES and {p}WHISPER_MODEL_IDLE_SECONDS cannot be negative",
    ),
)

"""The speech engine's providers: the Whisper model pool and catalog, the engine, the probe."""

from __future__ import annotations

from collections.abc import Iterator

from dependency_injector import providers

from adapters.faults import FaultyTranscriber
from adapters.pyav import PyAvAudioProbe
from adapters.whisper import WhisperModelCatalog, WhisperModelLoader, WhisperModelPool, WhisperTranscriber
from entrypoints.composition.foundation import Foundation

config = Foundation.config


def whisper_model_pool(
    loader: WhisperModelLoader, max_bytes: int, idle_seconds: float, default_model: str
) -> Iterator[WhisperModelPool]:
    pool = WhisperModelPool(loader, loader.size_of, max_bytes, idle_seconds, frozenset({default_model}))
    pool.start()
    yield pool
    pool.close()


def with_faults(engine, failures: int):
    """The engine, or (VOXRELAY_FAULT_TRANSCRIBER_FAILURES, tests only) one that crashes."""
    return FaultyTranscriber(engine, failures) if failures else engine


class EngineProviders(Foundation):
    whisper_model_pool = providers.Resource(
        whisper_model_pool,
        loader=providers.Singleton(
            WhisperModelLoader,
            device=config.whisper_device,
            compute_type=config.whisper_compute_type,
            cpu_threads=config.whisper_cpu_threads,
            models_dir=config.whisper_models_dir,
        ),
        max_bytes=config.whisper_models_max_bytes,
        idle_seconds=config.whisper_model_idle_seconds,
        default_model=config.whisper_model,
    )
    model_catalog = providers.Selector(
        config.transcriber,
        whisper=providers.Singleton(WhisperModelCatalog, default=config.whisper_model, pool=whisper_model_pool),
        aws=providers.Object(None),  # Amazon Transcribe names its own models and languages
    )
    engine = providers.Selector(
        config.transcriber,
        whisper=providers.Singleton(
            WhisperTranscriber,
            pool=whisper_model_pool,
            model=config.whisper_model,
            device=config.whisper_device,
            compute_type=config.whisper_compute_type,
            beam_size=config.whisper_beam_size,
            cpu_threads=config.whisper_cpu_threads,
            language=config.whisper_language,
            word_timestamps=config.whisper_word_timestamps,
            vad_filter=config.whisper_vad,
            words_move_windows=config.whisper_words_move_windows,
            max_audio_seconds=config.max_audio_seconds,
            batch_threshold_seconds=config.whisper_batch_threshold_seconds,
            batch_size=config.whisper_batch_size,
        ),
    )
    transcriber = providers.Singleton(with_faults, engine, config.fault_transcriber_failures)
    audio_probe = providers.Singleton(PyAvAudioProbe)

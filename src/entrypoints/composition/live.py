"""Live transcription's pieces: the session settings, the detector, the decoder, the service,
and `LiveParts`, the container that wires them (here, or elsewhere: no model in this process)."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.silero import SileroVoiceActivity
from adapters.whisper.live_decoder import WhisperLiveDecoder
from application.live import LiveSettings, LiveStreamSlots
from application.ports import AudioStorage, ModelCatalog, SpeechDecoder, VoiceActivity
from application.use_cases import KeepLiveStream
from entrypoints.http.live_stream import LiveStreamTools
from entrypoints.http.realtime import LiveService

MAX_APPEND_BYTES = 768 * 1024  # of base64, under the 1 MiB uvicorn allows a WebSocket message


def live_settings(
    decode_interval_seconds: float, max_utterance_seconds: float, max_stream_seconds: float, max_ahead_seconds: float
) -> LiveSettings:
    return LiveSettings(
        decode_interval_seconds=decode_interval_seconds,
        max_utterance_seconds=max_utterance_seconds,
        max_stream_seconds=max_stream_seconds,
        max_ahead_seconds=max_ahead_seconds,
    )


def live_elsewhere(max_streams: int, max_streams_per_key: int) -> LiveService:
    why = "this replica runs no speech model (--no-worker, or Amazon Transcribe): connect to one that does"
    return LiveService(None, LiveStreamSlots(max_streams, max_streams_per_key), why)


def live_service(
    settings: LiveSettings,
    vad: VoiceActivity,
    decoder: SpeechDecoder,
    keep: KeepLiveStream,
    storage: AudioStorage,
    models: ModelCatalog | None,
    idle_seconds: float,
    max_streams: int,
    max_streams_per_key: int,
) -> LiveService:
    slots = LiveStreamSlots(max_streams, max_streams_per_key)
    tools = LiveStreamTools(settings, vad, decoder, keep, storage, models, idle_seconds, MAX_APPEND_BYTES)
    return LiveService(tools, slots)


class LiveParts(containers.DeclarativeContainer):
    config = providers.Configuration()
    engine: providers.Dependency[Any] = providers.Dependency()
    models: providers.Dependency[Any] = providers.Dependency()
    storage: providers.Dependency[Any] = providers.Dependency()
    keep: providers.Dependency[Any] = providers.Dependency()

    elsewhere = providers.Singleton(live_elsewhere, config.live_max_streams, config.live_max_streams_per_key)
    here = providers.Singleton(
        live_service,
        settings=providers.Factory(
            live_settings,
            decode_interval_seconds=config.live_decode_interval_seconds,
            max_utterance_seconds=config.live_max_utterance_seconds,
            max_stream_seconds=config.live_max_stream_seconds,
            max_ahead_seconds=config.live_max_ahead_seconds,
        ),
        vad=providers.Singleton(SileroVoiceActivity),
        decoder=providers.Singleton(WhisperLiveDecoder, engine),
        keep=keep,
        storage=storage,
        models=models,
        idle_seconds=config.live_idle_seconds,
        max_streams=config.live_max_streams,
        max_streams_per_key=config.live_max_streams_per_key,
    )

"""Live transcription's pieces: the session settings, the detector, the decoder, the service."""

from __future__ import annotations

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

"""What every live stream of this process shares: its settings, detector, decoder, keeping,
storage and limits."""

from __future__ import annotations

from dataclasses import dataclass

from application.live import LiveSettings
from application.ports import AudioStorage, ModelCatalog, SpeechDecoder, VoiceActivity
from application.use_cases import KeepLiveStream


@dataclass(frozen=True)
class LiveStreamTools:
    """What every live stream of this process shares."""

    settings: LiveSettings
    vad: VoiceActivity
    decoder: SpeechDecoder
    keep: KeepLiveStream
    storage: AudioStorage
    models: ModelCatalog | None
    idle_seconds: float
    max_append_bytes: int

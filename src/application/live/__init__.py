"""Live transcription: speech streamed in, stable words out while it is spoken.

Pure logic (no framework, no numpy): the stabilising policy, utterance cutting, and the
per-stream session that decides what to decode and when. The audio is 16-bit mono PCM at
16 kHz as bytes; decoding and voice activity are ports.
"""

from application.live.events import (
    LiveError,
    LiveEvent,
    SpeechStarted,
    SpeechStopped,
    TranscriptCompleted,
    TranscriptDelta,
    TranscriptFailed,
    UtteranceCommitted,
)
from application.live.session import LiveTranscription
from application.live.settings import DecodeJob, LiveSettings
from application.live.slots import LiveStreamSlots
from application.live.stabilizer import LocalAgreement
from application.live.utterances import UtteranceCutter, VadSettings

__all__ = [
    "DecodeJob",
    "LiveError",
    "LiveEvent",
    "LiveSettings",
    "LiveStreamSlots",
    "LiveTranscription",
    "LocalAgreement",
    "SpeechStarted",
    "SpeechStopped",
    "TranscriptCompleted",
    "TranscriptDelta",
    "TranscriptFailed",
    "UtteranceCommitted",
    "UtteranceCutter",
    "VadSettings",
]

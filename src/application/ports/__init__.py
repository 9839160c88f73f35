"""Ports: what the use cases need from the outside world, as typing.Protocols."""

from application.ports.audio_probe import AudioInfo, AudioProbe
from application.ports.audio_storage import AudioStorage, AudioWriter
from application.ports.diarizer import NEVER_STOP, Diarizer, StopSignal
from application.ports.job_dispatcher import JobDispatcher
from application.ports.job_queue import JobQueue, QueueMessage
from application.ports.job_repository import JobRepository
from application.ports.live_audio import LiveRecording, SpeechDecoder, VoiceActivity, VoiceActivityStream
from application.ports.model_catalog import ModelCatalog, ModelInfo
from application.ports.notifier import Notifier, ProgressNotifier
from application.ports.pending_results import PendingResults
from application.ports.remote_engine import (
    InFlightJobs,
    RemoteEngine,
    RemoteJobState,
    RemoteJobStatus,
)
from application.ports.session_store import SessionStore
from application.ports.transcriber import BatchTranscriber, ProgressCallback, Transcriber

__all__ = [
    "NEVER_STOP",
    "AudioInfo",
    "AudioProbe",
    "AudioStorage",
    "AudioWriter",
    "BatchTranscriber",
    "Diarizer",
    "InFlightJobs",
    "JobDispatcher",
    "JobQueue",
    "JobRepository",
    "LiveRecording",
    "ModelCatalog",
    "ModelInfo",
    "Notifier",
    "PendingResults",
    "ProgressCallback",
    "ProgressNotifier",
    "QueueMessage",
    "RemoteEngine",
    "RemoteJobState",
    "RemoteJobStatus",
    "SessionStore",
    "SpeechDecoder",
    "StopSignal",
    "Transcriber",
    "VoiceActivity",
    "VoiceActivityStream",
]

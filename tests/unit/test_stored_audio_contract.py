"""KeptAudio and AccountedAudio (its quota in memory, with and without keep_audio) against
StoredAudioContract; AccountedAudio's own rules are in test_stored_audio."""

from __future__ import annotations

import pytest

from adapters.memory.storage_quota import MemoryStorageQuota
from application.stored_audio import AccountedAudio, KeptAudio
from tests.contracts.stored_audio import FreeingStoredAudioContract, StoredAudioContract


class TestKeptAudio(FreeingStoredAudioContract):
    @pytest.fixture
    def make_stored_audio(self):
        return lambda storage, jobs, room_bytes: KeptAudio()


class TestAccountedAudio(FreeingStoredAudioContract):
    @pytest.fixture
    def make_stored_audio(self):
        return lambda storage, jobs, room_bytes: AccountedAudio(storage, MemoryStorageQuota(room_bytes), jobs)


class TestAccountedAudioKeepingAudio(StoredAudioContract):
    @pytest.fixture
    def make_stored_audio(self):
        return lambda storage, jobs, room_bytes: AccountedAudio(
            storage, MemoryStorageQuota(room_bytes), jobs, keep_audio=True
        )

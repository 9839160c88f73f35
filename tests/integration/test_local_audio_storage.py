"""LocalDiskAudioStorage on a real directory: the contract, plus what only a disk can get wrong."""

import os
import time

import pytest

from adapters.local import LocalDiskAudioStorage
from domain.values import AudioReference
from tests.contracts.audio_storage import AudioStorageContract


def _committed(directory):
    return [p for p in directory.iterdir() if not p.name.startswith(".")]


class TestLocalDiskAudioStorage(AudioStorageContract):
    @pytest.fixture
    def storage(self, tmp_path):
        return LocalDiskAudioStorage(tmp_path)

    @pytest.fixture
    def stored_count(self, storage):
        return lambda: len(_committed(storage.directory))


def test_audio_is_kept_under_the_root_in_a_file_named_by_its_key(tmp_path):
    storage = LocalDiskAudioStorage(tmp_path)
    writer = storage.create()
    writer.write(b"audio")

    ref = writer.commit()

    assert (tmp_path / "audio" / ref.key).read_bytes() == b"audio"


def test_an_upload_in_progress_is_a_hidden_temp_file(tmp_path):
    storage = LocalDiskAudioStorage(tmp_path)
    writer = storage.create()
    writer.write(b"partial")

    names = [p.name for p in storage.directory.iterdir()]

    assert len(names) == 1 and names[0].startswith(".incoming-")
    writer.abort()


def test_abort_removes_the_temp_file_and_leaves_the_directory_empty(tmp_path):
    storage = LocalDiskAudioStorage(tmp_path)
    writer = storage.create()
    writer.write(b"partial")

    writer.abort()

    assert list(storage.directory.iterdir()) == []


def test_abort_after_commit_keeps_the_committed_audio(tmp_path):
    storage = LocalDiskAudioStorage(tmp_path)
    writer = storage.create()
    writer.write(b"audio")
    ref = writer.commit()

    writer.abort()

    assert storage.exists(ref)


def test_nothing_but_the_committed_file_is_left_after_commit(tmp_path):
    storage = LocalDiskAudioStorage(tmp_path, fsync=False)
    writer = storage.create()
    writer.write(b"audio")

    ref = writer.commit()

    assert [p.name for p in storage.directory.iterdir()] == [ref.key]


@pytest.mark.parametrize(
    "key",
    [
        "../secret",
        "../../etc/passwd",
        "/etc/passwd",
        ".incoming-" + "0" * 32,
        "A" * 32,
        "0" * 31,
        "0" * 32 + "/x",
        "0" * 32 + "\n",
    ],
)
def test_keys_it_could_not_have_issued_are_refused(tmp_path, key):
    (tmp_path / "secret").write_bytes(b"not yours")
    storage = LocalDiskAudioStorage(tmp_path / "data")
    ref = AudioReference(key, 1)

    with pytest.raises(KeyError):
        storage.open(ref)
    with pytest.raises(KeyError):
        storage.delete(ref)
    assert not storage.exists(ref)
    assert (tmp_path / "secret").exists()


def test_stale_temp_files_are_removed_when_the_storage_starts(tmp_path):
    audio = tmp_path / "audio"
    audio.mkdir()
    stale = audio / ".incoming-stale"
    fresh = audio / ".incoming-fresh"
    stale.write_bytes(b"left by a crash")
    fresh.write_bytes(b"being uploaded by another process")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))

    LocalDiskAudioStorage(tmp_path)

    assert not stale.exists()
    assert fresh.exists()


def test_committed_audio_survives_a_new_storage_on_the_same_root(tmp_path):
    writer = LocalDiskAudioStorage(tmp_path).create()
    writer.write(b"durable")
    ref = writer.commit()

    reopened = LocalDiskAudioStorage(tmp_path)

    with reopened.open(ref) as stream:
        assert stream.read() == b"durable"

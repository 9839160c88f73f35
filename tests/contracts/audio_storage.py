"""The AudioStorage contract. Subclass it and provide two fixtures:

- `storage`: a fresh, empty storage;
- `stored_count`: a callable giving how many committed uploads the storage holds right now,
  read from the backend itself (a dict, a directory, a bucket), not through the port.
"""

from __future__ import annotations

import re

import pytest

from domain.values import AudioReference

SAFE_KEY = re.compile(r"[0-9A-Za-z/_-]{1,200}")


def _store(storage, *chunks: bytes) -> AudioReference:
    writer = storage.create()
    for chunk in chunks:
        writer.write(chunk)
    return writer.commit()


def _read(storage, ref: AudioReference) -> bytes:
    with storage.open(ref) as stream:
        return stream.read()


class AudioStorageContract:
    def test_committed_audio_reads_back_byte_for_byte(self, storage):
        ref = _store(storage, b"RIFF", b"\x00\x01\x02" * 100)

        assert _read(storage, ref) == b"RIFF" + b"\x00\x01\x02" * 100
        assert ref.size_bytes == 304

    def test_many_small_chunks_are_committed_in_order(self, storage):
        chunks = [bytes([i % 256]) * (i % 7 + 1) for i in range(2000)]

        ref = _store(storage, *chunks)

        assert _read(storage, ref) == b"".join(chunks)
        assert ref.size_bytes == sum(len(c) for c in chunks)

    def test_opened_audio_is_seekable(self, storage):
        ref = _store(storage, b"0123456789")

        with storage.open(ref) as stream:
            stream.seek(5)
            assert stream.read() == b"56789"
            stream.seek(0)
            assert stream.read(3) == b"012"

    def test_nothing_is_stored_before_commit(self, storage, stored_count):
        writer = storage.create()
        writer.write(b"not yet")

        assert stored_count() == 0
        writer.commit()
        assert stored_count() == 1

    def test_aborted_upload_leaves_nothing(self, storage, stored_count):
        writer = storage.create()
        writer.write(b"half an upload")

        writer.abort()

        assert stored_count() == 0

    def test_abort_may_be_called_twice(self, storage, stored_count):
        writer = storage.create()
        writer.write(b"x")
        writer.abort()
        writer.abort()

        assert stored_count() == 0

    def test_a_finished_writer_refuses_more_data(self, storage):
        writer = storage.create()
        writer.write(b"x")
        writer.commit()

        with pytest.raises(ValueError):
            writer.write(b"more")

    def test_exists_follows_commit_and_delete(self, storage):
        ref = _store(storage, b"audio")
        assert storage.exists(ref)

        storage.delete(ref)

        assert not storage.exists(ref)

    def test_deleting_twice_is_not_an_error(self, storage, stored_count):
        ref = _store(storage, b"audio")

        storage.delete(ref)
        storage.delete(ref)

        assert stored_count() == 0

    def test_opening_missing_audio_raises_key_error(self, storage):
        ref = _store(storage, b"audio")
        storage.delete(ref)

        with pytest.raises(KeyError):
            storage.open(ref)

    def test_opening_a_key_it_never_issued_raises_key_error(self, storage):
        with pytest.raises(KeyError):
            storage.open(AudioReference("0" * 32, 5))

    def test_keys_are_chosen_by_the_storage_not_the_content(self, storage):
        first = _store(storage, b"same bytes")
        second = _store(storage, b"same bytes")

        assert first.key != second.key
        assert SAFE_KEY.fullmatch(first.key) and ".." not in first.key
        assert not first.key.startswith("/")

    def test_deleting_one_upload_keeps_the_others(self, storage):
        kept = _store(storage, b"kept")
        gone = _store(storage, b"gone")

        storage.delete(gone)

        assert _read(storage, kept) == b"kept"

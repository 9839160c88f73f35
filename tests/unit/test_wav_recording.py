"""WavRecording collects a live stream's audio on the event loop and stores it in pieces,
off the loop, so that no storage call (an S3 part) blocks the other sockets."""

from __future__ import annotations

from adapters.memory import MemoryAudioStorage
from adapters.pcm import WavRecording
from adapters.pcm.wav_recording import wav_header


class CountingWriter:
    def __init__(self, writer) -> None:
        self.writer, self.writes = writer, []

    def write(self, data: bytes) -> None:
        self.writes.append(len(data))
        self.writer.write(data)

    def commit(self):
        return self.writer.commit()

    def abort(self) -> None:
        self.writer.abort()


def test_writes_reach_storage_only_when_flushed_and_finish_stores_every_byte_in_order():
    storage = MemoryAudioStorage()
    writer = CountingWriter(storage.create())
    recording = WavRecording(writer, flush_bytes=1000)
    pieces = [bytes([n]) * 300 for n in range(1, 8)]

    for piece in pieces[:3]:
        recording.write(piece)
    assert writer.writes == [] and not recording.flush_due  # header and 900 bytes: collected only
    recording.write(pieces[3])
    assert recording.flush_due
    recording.flush()
    assert writer.writes == [len(wav_header()) + 1200]
    for piece in pieces[4:]:
        recording.write(piece)
    reference = recording.finish()

    assert writer.writes == [len(wav_header()) + 1200, 900]
    assert storage.objects[reference.key] == wav_header() + b"".join(pieces)


def test_an_aborted_recording_leaves_nothing_stored():
    storage = MemoryAudioStorage()
    recording = WavRecording(storage.create(), flush_bytes=100)
    recording.write(b"\x01" * 500)
    recording.flush()
    recording.abort()
    assert storage.objects == {}

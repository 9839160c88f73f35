"""ReceiveUpload: stream an upload into storage, counting bytes as they arrive."""

from collections.abc import Iterable
from dataclasses import dataclass

from application.errors import EmptyAudio, UploadTooLarge
from application.ports.audio_storage import AudioStorage, AudioWriter
from domain.values import AudioReference


class IncomingAudio:
    """One upload being received: `add` each chunk as it arrives, then `finish`; `abort`
    (safe to call twice) when anything goes wrong, `add` and `finish` included."""

    def __init__(self, writer: AudioWriter, max_bytes: int) -> None:
        self._writer = writer
        self._max_bytes = max_bytes
        self.received = 0

    def add(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self._max_bytes:
            raise UploadTooLarge(self._max_bytes)
        if chunk:
            self._writer.write(chunk)

    def finish(self) -> AudioReference:
        if self.received == 0:
            raise EmptyAudio()
        return self._writer.commit()

    def abort(self) -> None:
        self._writer.abort()


@dataclass(frozen=True, slots=True)
class ReceiveUploadCommand:
    chunks: Iterable[bytes]


class ReceiveUpload:
    """Rules: never more than `max_bytes` is written (the upload is refused the moment it
    passes the limit), an empty upload is refused, and a refused or broken upload leaves
    nothing in storage. `start` serves a caller that gets its chunks one at a time (an
    event loop handing each to a worker thread); `execute` one that can iterate them."""

    def __init__(self, storage: AudioStorage, max_bytes: int) -> None:
        self._storage = storage
        self._max_bytes = max_bytes

    def start(self) -> IncomingAudio:
        return IncomingAudio(self._storage.create(), self._max_bytes)

    def execute(self, command: ReceiveUploadCommand) -> AudioReference:
        incoming = self.start()
        try:
            for chunk in command.chunks:
                incoming.add(chunk)
            return incoming.finish()
        except BaseException:
            incoming.abort()
            raise

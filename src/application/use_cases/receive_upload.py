"""ReceiveUpload: stream an upload into storage, counting bytes as they arrive."""

from collections.abc import Iterable

from application.errors import EmptyAudio, UploadTooLarge
from application.ports.audio_storage import AudioStorage
from domain.values import AudioReference


class ReceiveUpload:
    """Rules: never more than `max_bytes` is written (the upload is refused the moment it
    passes the limit), an empty upload is refused, and a refused or broken upload leaves
    nothing in storage."""

    def __init__(self, storage: AudioStorage, max_bytes: int) -> None:
        self._storage = storage
        self._max_bytes = max_bytes

    def execute(self, chunks: Iterable[bytes]) -> AudioReference:
        writer = self._storage.create()
        received = 0
        try:
            for chunk in chunks:
                received += len(chunk)
                if received > self._max_bytes:
                    raise UploadTooLarge(self._max_bytes)
                if chunk:
                    writer.write(chunk)
            if received == 0:
                raise EmptyAudio()
            return writer.commit()
        except BaseException:
            writer.abort()
            raise

"""Where uploaded audio lives between upload and transcription."""

from typing import BinaryIO, Protocol

from domain.values import AudioReference


class AudioWriter(Protocol):
    """One upload being written. Exactly one of `commit` or `abort` ends it."""

    def write(self, chunk: bytes) -> None: ...

    def commit(self) -> AudioReference:
        """Make the audio durable and return where it is; nothing is visible before this."""
        ...

    def abort(self) -> None:
        """Throw away whatever was written; safe to call twice or after a failed write."""
        ...


class AudioStorage(Protocol):
    """Stores audio under keys it chooses itself: never a client's file name."""

    def create(self) -> AudioWriter: ...

    def open(self, ref: AudioReference) -> BinaryIO:
        """A readable, seekable binary stream; the caller closes it. KeyError if absent."""
        ...

    def exists(self, ref: AudioReference) -> bool: ...

    def delete(self, ref: AudioReference) -> None:
        """Remove the audio; deleting what is not there is not an error."""
        ...

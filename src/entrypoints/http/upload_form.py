"""Reads an upload form on the event loop: the audio part streams into storage through the
upload workers, the other fields are kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anyio

from application.errors import InvalidRequest
from application.ports import AudioStorage
from application.use_cases import ReceiveUpload
from application.use_cases.receive_upload import IncomingAudio
from domain.values import AudioReference
from entrypoints.http.auth import request_owner
from entrypoints.http.multipart_stream import FormEvent, FormEventParser, PartData, PartEnded, PartStarted, boundary_of
from entrypoints.http.upload_workers import UploadSlots, UploadWorkers

MAX_FIELD_BYTES = 64 * 1024
MAX_FIELDS = 32
# Audio is handed to a worker thread in pieces this large (or a part's last piece): one
# thread hop per piece, not per network read, and no more than this held per upload.
WRITE_BYTES = 256 * 1024


@dataclass(slots=True)
class UploadForm:
    fields: dict[str, str] = field(default_factory=dict)
    # Every value of each field, for repeated ones such as OpenAI's `timestamp_granularities[]`.
    values: dict[str, list[str]] = field(default_factory=dict)
    audio: AudioReference | None = None
    filename: str | None = None

    def text(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value.strip() or None if value is not None else None


class _FormReader:
    """Takes a form's events one at a time; only storage calls leave the loop."""

    def __init__(self, receive: ReceiveUpload, workers: UploadWorkers, file_field: str) -> None:
        self.form = UploadForm()
        self._receive = receive
        self._workers = workers
        self._file_field = file_field
        self._incoming: IncomingAudio | None = None
        self._pending = bytearray()
        self._field: str | None = None
        self._value = bytearray()
        self._in_part = False

    async def take(self, event: FormEvent) -> None:
        if isinstance(event, PartStarted):
            await self._start(event)
        elif isinstance(event, PartData):
            if self._incoming is not None:
                self._pending += event.data
                if len(self._pending) >= WRITE_BYTES:
                    await self._write()
            else:
                self._value += event.data
                if len(self._value) > MAX_FIELD_BYTES:
                    raise InvalidRequest(f"form field '{self._field}' is longer than {MAX_FIELD_BYTES} bytes")
        elif isinstance(event, PartEnded):
            await self._end()

    def check_ended(self) -> None:
        if self._in_part:
            raise InvalidRequest("the multipart body ended inside a part")

    async def _start(self, event: PartStarted) -> None:
        self._in_part = True
        if event.name == self._file_field:
            if self.form.audio is not None:
                raise InvalidRequest(f"more than one '{self._file_field}' part")
            self.form.filename = event.filename
            self._incoming = await self._workers.run(self._receive.start)
        else:
            if sum(map(len, self.form.values.values())) >= MAX_FIELDS:
                raise InvalidRequest("too many form fields")
            self._field = event.name
            self._value.clear()

    async def _end(self) -> None:
        self._in_part = False
        if self._incoming is not None:
            await self._write()
            self.form.audio = await self._workers.run(self._incoming.finish)
            self._incoming = None
            return
        name = self._field or ""
        try:
            text = self._value.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequest(f"form field '{name}' is not UTF-8 text") from None
        self.form.fields[name] = text
        self.form.values.setdefault(name, []).append(text)

    async def _write(self) -> None:
        if self._pending and self._incoming is not None:
            piece, self._pending = bytes(self._pending), bytearray()
            await self._workers.run(self._incoming.add, piece)

    async def discard(self, storage: AudioStorage) -> None:
        """Whatever this form stored, gone; even when the request itself was cancelled."""
        with anyio.CancelScope(shield=True):
            if self._incoming is not None:
                await self._workers.run(self._incoming.abort)
            if self.form.audio is not None:
                await self._workers.run(storage.delete, self.form.audio)


async def read_form(
    chunks: AsyncIterator[bytes],
    content_type: str | None,
    receive: ReceiveUpload,
    storage: AudioStorage,
    workers: UploadWorkers,
    file_field: str = "file",
) -> UploadForm:
    """Parse the body as it arrives. On any error, stored audio is deleted."""
    parser = FormEventParser(boundary_of(content_type))
    reader = _FormReader(receive, workers, file_field)
    try:
        async for chunk in chunks:
            for event in parser.feed(chunk):
                await reader.take(event)
        parser.close()
        reader.check_ended()
    except BaseException:
        await reader.discard(storage)
        raise
    return reader.form


async def read_request_form(
    request: Any, receive: ReceiveUpload, storage: AudioStorage, workers: UploadWorkers
) -> UploadForm:
    """A Litestar request's upload form, the audio streamed to storage."""
    return await read_form(request.stream(), request.headers.get("content-type"), receive, storage, workers)


async def read_upload(
    request: Any, receive: ReceiveUpload, storage: AudioStorage, workers: UploadWorkers, slots: UploadSlots
) -> UploadForm:
    """Stream a request's form within its key's count of uploads in flight (TooManyUploads)."""
    owner = request_owner(request)
    slots.acquire(owner)
    try:
        return await read_request_form(request, receive, storage, workers)
    finally:
        slots.release(owner)

"""Reads an upload form: the audio part streams into storage, the other fields are kept."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio.from_thread
import anyio.to_thread

from application.errors import InvalidRequest
from application.ports import AudioStorage
from application.use_cases import ReceiveUpload
from domain.values import AudioReference
from entrypoints.http.multipart_stream import PartData, PartEnded, PartStarted, boundary_of, form_events

MAX_FIELD_BYTES = 64 * 1024
MAX_FIELDS = 32


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


def blocking_chunks(stream: AsyncIterator[bytes]) -> Iterator[bytes]:
    """Pull an async body stream from a worker thread, one chunk at a time."""
    while True:
        try:
            yield anyio.from_thread.run(stream.__anext__)
        except StopAsyncIteration:
            return


def read_upload_form(
    chunks: Iterator[bytes],
    content_type: str | None,
    receive: ReceiveUpload,
    storage: AudioStorage,
    file_field: str = "file",
) -> UploadForm:
    """Blocking: run it in a worker thread. On any error, stored audio is deleted."""
    form = UploadForm()
    events = form_events(chunks, boundary_of(content_type))
    try:
        for event in events:
            if not isinstance(event, PartStarted):
                continue
            if event.name == file_field:
                if form.audio is not None:
                    raise InvalidRequest(f"more than one '{file_field}' part")
                form.filename = event.filename
                form.audio = receive.execute(_part_data(events))
            else:
                if sum(map(len, form.values.values())) >= MAX_FIELDS:
                    raise InvalidRequest("too many form fields")
                text = _field_text(event.name, _part_data(events))
                form.fields[event.name] = text
                form.values.setdefault(event.name, []).append(text)
    except BaseException:
        if form.audio is not None:
            storage.delete(form.audio)
        raise
    return form


def _part_data(events: Iterator[object]) -> Iterator[bytes]:
    for event in events:
        if isinstance(event, PartEnded):
            return
        if isinstance(event, PartData):
            yield event.data
    raise InvalidRequest("the multipart body ended inside a part")


def _field_text(name: str, pieces: Iterator[bytes]) -> str:
    value = bytearray()
    for piece in pieces:
        value += piece
        if len(value) > MAX_FIELD_BYTES:
            raise InvalidRequest(f"form field '{name}' is longer than {MAX_FIELD_BYTES} bytes")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest(f"form field '{name}' is not UTF-8 text") from None


async def read_request_form(request: Any, receive: ReceiveUpload, storage: AudioStorage) -> UploadForm:
    """Read a Litestar request's upload form in a worker thread, streaming the audio to storage."""
    content_type = request.headers.get("content-type")
    chunks = request.stream()
    return await anyio.to_thread.run_sync(
        lambda: read_upload_form(blocking_chunks(chunks), content_type, receive, storage)
    )

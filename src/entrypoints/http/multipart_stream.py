"""Streaming multipart/form-data parsing: parts arrive as events, never buffered whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from python_multipart.multipart import MultipartParser, parse_options_header

from application.errors import InvalidRequest


@dataclass(frozen=True, slots=True)
class PartStarted:
    name: str
    filename: str | None


@dataclass(frozen=True, slots=True)
class PartData:
    data: bytes


@dataclass(frozen=True, slots=True)
class PartEnded:
    pass


FormEvent = PartStarted | PartData | PartEnded


def boundary_of(content_type: str | None) -> bytes:
    kind, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InvalidRequest("expected a multipart/form-data body with a boundary")
    return boundary


def _disposition(headers: dict[bytes, bytes]) -> PartStarted:
    kind, params = parse_options_header(headers.get(b"content-disposition", b""))
    if kind != b"form-data" or b"name" not in params:
        raise InvalidRequest("a multipart part has no form-data name")
    filename = params.get(b"filename")
    return PartStarted(
        params[b"name"].decode("utf-8", "replace"),
        filename.decode("utf-8", "replace") if filename is not None else None,
    )


# Our own bounds on a part's headers, whatever the parser's version allows: a part needs a
# Content-Disposition and perhaps a Content-Type, never kilobytes of either.
MAX_HEADER_BYTES = 8 * 1024
MAX_HEADERS = 16


class FormEventParser:
    """Push parser: `feed` raw body chunks, get the part events they complete, holding at
    most one chunk's worth in memory; `close` once the body has ended."""

    def __init__(self, boundary: bytes) -> None:
        self._ready: list[FormEvent] = []
        self._headers: dict[bytes, bytes] = {}
        self._header = [b"", b""]
        self._header_bytes = 0
        self._finished = False
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._on_part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_end": self._on_end,
            },
        )

    def feed(self, chunk: bytes) -> list[FormEvent]:
        try:
            self._parser.write(chunk)
        except InvalidRequest:
            raise
        except Exception as error:
            raise InvalidRequest(f"malformed multipart body: {error}") from None
        ready, self._ready = self._ready, []
        return ready

    def close(self) -> None:
        if not self._finished:
            raise InvalidRequest("the multipart body ended before its closing boundary")

    def _on_part_begin(self) -> None:
        self._headers.clear()
        self._header_bytes = 0

    def _count_header(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > MAX_HEADER_BYTES:
            raise InvalidRequest(f"a multipart part's headers are longer than {MAX_HEADER_BYTES} bytes")

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._header[0] += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._header[1] += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[self._header[0].lower()] = self._header[1]
        self._header[0] = self._header[1] = b""
        if len(self._headers) > MAX_HEADERS:
            raise InvalidRequest(f"a multipart part has more than {MAX_HEADERS} headers")

    def _on_headers_finished(self) -> None:
        self._ready.append(_disposition(self._headers))

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if end > start:
            self._ready.append(PartData(bytes(data[start:end])))

    def _on_part_end(self) -> None:
        self._ready.append(PartEnded())

    def _on_end(self) -> None:
        self._finished = True


def form_events(chunks: Iterator[bytes], boundary: bytes) -> Iterator[FormEvent]:
    """The same events, pulled from an iterator of body chunks."""
    parser = FormEventParser(boundary)
    for chunk in chunks:
        yield from parser.feed(chunk)
    parser.close()

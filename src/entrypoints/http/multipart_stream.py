"""Streaming multipart/form-data parsing: parts arrive as events, never buffered whole."""

from __future__ import annotations

from collections import deque
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


def form_events(chunks: Iterator[bytes], boundary: bytes) -> Iterator[FormEvent]:
    """Turn raw body chunks into part events, holding at most one chunk's worth in memory."""
    ready: deque[FormEvent] = deque()
    headers: dict[bytes, bytes] = {}
    header = [b"", b""]
    finished = False

    def on_part_begin() -> None:
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header[0] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header[1] += data[start:end]

    def on_header_end() -> None:
        headers[header[0].lower()] = header[1]
        header[0] = header[1] = b""

    def on_headers_finished() -> None:
        ready.append(_disposition(headers))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if end > start:
            ready.append(PartData(bytes(data[start:end])))

    def on_part_end() -> None:
        ready.append(PartEnded())

    def on_end() -> None:
        nonlocal finished
        finished = True

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_end": on_end,
        },
    )
    for chunk in chunks:
        try:
            parser.write(chunk)
        except InvalidRequest:
            raise
        except Exception as error:
            raise InvalidRequest(f"malformed multipart body: {error}") from None
        while ready:
            yield ready.popleft()
    if not finished:
        raise InvalidRequest("the multipart body ended before its closing boundary")

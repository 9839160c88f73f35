"""Value objects: small immutable things compared by value."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from enum import Enum

from domain.errors import InvalidValue

_OUTPUT_NAME = re.compile(r"[0-9A-Za-z._-]{1,200}")
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_SESSION_ID = re.compile(r"[0-9A-Za-z_-]{22,128}")


@dataclass(frozen=True, slots=True)
class JobId:
    value: str

    def __post_init__(self) -> None:
        if not _JOB_ID.fullmatch(self.value):
            raise InvalidValue(f"not a job id: {self.value!r}")

    @classmethod
    def new(cls) -> JobId:
        return cls(uuid.uuid4().hex)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class SessionId:
    """A bearer token naming a client's session; issued by the server, never chosen by a client."""

    value: str

    def __post_init__(self) -> None:
        if not _SESSION_ID.fullmatch(self.value):
            raise InvalidValue("not a session id")

    @classmethod
    def new(cls) -> SessionId:
        # 24 random bytes: 192 bits, url-safe, 32 characters.
        return cls(secrets.token_urlsafe(24))

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class AudioReference:
    """Where a storage adapter keeps one upload; opaque to everyone but that adapter."""

    key: str
    size_bytes: int

    def __post_init__(self) -> None:
        if not self.key:
            raise InvalidValue("an audio reference needs a key")
        if self.size_bytes < 0:
            raise InvalidValue("audio size cannot be negative")


class MediaFormat(str, Enum):
    """Container formats the service accepts (the set Amazon Transcribe names, too)."""

    WAV = "wav"
    MP3 = "mp3"
    FLAC = "flac"
    OGG = "ogg"
    WEBM = "webm"
    M4A = "m4a"
    MP4 = "mp4"
    AMR = "amr"

    @classmethod
    def parse(cls, raw: str) -> MediaFormat:
        try:
            return cls(raw.strip().lower())
        except ValueError:
            known = ", ".join(f.value for f in cls)
            raise InvalidValue(f"unknown media format {raw!r}; expected one of: {known}") from None

    def compatible_with(self, other: MediaFormat) -> bool:
        """m4a is mp4 holding only audio: a client may call one the other."""
        mp4_family = {MediaFormat.M4A, MediaFormat.MP4}
        return self == other or {self, other} <= mp4_family


@dataclass(frozen=True, slots=True)
class OutputFileName:
    """The name under which a transcript is written, e.g. the S3 output key's stem."""

    value: str

    def __post_init__(self) -> None:
        if not _OUTPUT_NAME.fullmatch(self.value) or self.value in {".", ".."}:
            raise InvalidValue("output_file_name must be 1 to 200 characters of letters, digits, '.', '_' or '-'")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class LanguageCode:
    """An ISO 639-1 language code such as 'en' or 'fr'."""

    value: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z]{2,3}", self.value):
            raise InvalidValue(f"language must be an ISO 639-1 code such as 'en', not {self.value!r}")

    @classmethod
    def parse(cls, raw: str) -> LanguageCode:
        return cls(raw.strip().lower())

    @classmethod
    def parse_optional(cls, raw: str | None) -> LanguageCode | None:
        """The one parse of a client's language: None or "" is no language (the engine detects or
        assumes its own); anything else must be a code (InvalidValue otherwise)."""
        return cls.parse(raw) if raw else None

    def __str__(self) -> str:
        return self.value

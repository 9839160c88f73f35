"""SubmitUpload: an upload form's fields and received audio become a queued job."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from application.errors import InvalidRequest
from application.ports import AudioStorage
from application.use_cases.submit_audio import SubmitAudio, SubmitAudioCommand
from domain.errors import InvalidValue
from domain.job import TranscriptionJob
from domain.values import AudioReference

_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


@dataclass(frozen=True, slots=True)
class SubmitUploadCommand:
    audio: AudioReference | None  # the form's file as received; None: the form had no file
    fields: Mapping[str, str] = field(default_factory=dict)  # the form's other parts, as sent
    owner: str | None = None
    require_session: bool = False  # the seed's /upload-audio: a session must be named


class SubmitUpload:
    """Rules:
    - a form without a file is InvalidRequest;
    - `speakers` is true or false (1/0, yes/no, on/off, any case) or absent (the service's
      default); anything else is InvalidValue;
    - blank fields count as absent; the rest are SubmitAudio's rules;
    - a refused upload leaves nothing: whatever is refused after the audio was received, here
      or in SubmitAudio, its audio is deleted (the receiving itself deletes what a broken or
      too large body stored, and CheckSubmissionAllowed refuses before a byte is read).
    """

    def __init__(self, submit: SubmitAudio, storage: AudioStorage) -> None:
        self._submit = submit
        self._storage = storage

    def execute(self, command: SubmitUploadCommand) -> TranscriptionJob:
        if command.audio is None:
            raise InvalidRequest("the form has no 'file' part")
        try:
            return self._submit.execute(self._submission(command, command.audio))
        except BaseException:
            self._storage.delete(command.audio)
            raise

    @staticmethod
    def _submission(command: SubmitUploadCommand, audio: AudioReference) -> SubmitAudioCommand:
        def text(name: str) -> str | None:
            value = command.fields.get(name)
            return (value.strip() or None) if value is not None else None

        return SubmitAudioCommand(
            audio=audio,
            session_id=text("session_id"),
            require_session=command.require_session,
            output_file_name=text("output_file_name"),
            media_format=text("media_format"),
            language=text("language"),
            model=text("model"),
            owner=command.owner,
            speakers=_flag(text("speakers"), "speakers"),
        )


def _flag(raw: str | None, name: str) -> bool | None:
    if raw is None:
        return None
    if raw.lower() in _TRUE + _FALSE:
        return raw.lower() in _TRUE
    raise InvalidValue(f"{name} must be true or false, not {raw[:40]!r}")

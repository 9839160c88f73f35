"""A Realtime transcription session's configuration, as `session.update` (GA) or the beta
`transcription_session.update` sets it, field by field, and as the server echoes it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from adapters.openai_compat.realtime_fields import InvalidSession, integer_at, object_at
from adapters.openai_compat.realtime_turn_detection import turn_detection, turn_detection_json
from application.live import LiveSettings, VadSettings
from domain.transcript import TranscriptionOptions

ALIASES = frozenset(
    {
        "whisper-1",
        "gpt-4o-transcribe",
        "gpt-4o-mini-transcribe",
        "gpt-4o-mini-transcribe-2025-12-15",
        "gpt-transcribe",
        "gpt-live-transcribe",
        "gpt-realtime-whisper",
    }
)
__all__ = ["ALIASES", "InvalidSession", "SessionConfig"]

_BETA_FORMATS = {"pcm16": "audio/pcm", "g711_ulaw": "audio/pcmu", "g711_alaw": "audio/pcma"}


@dataclass(frozen=True, slots=True)
class SessionConfig:
    format_type: str = "audio/pcm"
    rate: int = 24000
    model: str | None = None  # ours; None is the default model
    model_name: str = "whisper-1"  # as the client named it
    language: str | None = None
    prompt: str | None = None
    vad: VadSettings | None = field(default_factory=VadSettings)
    keep_session_id: str | None = None

    def live_settings(self, base: LiveSettings) -> LiveSettings:
        options = TranscriptionOptions(language=self.language, model=self.model, prompt=self.prompt)
        return replace(base, vad=self.vad, options=options)

    def updated(self, event_type: str, session: Any) -> SessionConfig:
        """This configuration with a `session.update` (GA) or `transcription_session.update`
        (beta) applied; InvalidSession names the field that is wrong."""
        if not isinstance(session, dict):
            raise InvalidSession("session must be an object", "session")
        changes = self._ga_changes(session) if event_type == "session.update" else self._beta_changes(session)
        kept = _kept_session_id(session)
        if kept is not None:
            changes["keep_session_id"] = kept
        return replace(self, **changes)

    def _ga_changes(self, session: dict[str, Any]) -> dict[str, Any]:
        if session.get("type", "transcription") != "transcription":
            raise InvalidSession(
                'this endpoint serves transcription sessions only: set session.type to "transcription"',
                "session.type",
            )
        audio = object_at(session.get("audio") or {}, "session.audio")
        raw = object_at(audio.get("input") or {}, "session.audio.input")
        fmt = raw.get("format")
        changes = self._transcription(raw, "session.audio.input")
        if isinstance(fmt, dict):
            changes["format_type"] = fmt.get("type", self.format_type)
            changes["rate"] = integer_at(
                fmt.get("rate", 24000 if changes["format_type"] == "audio/pcm" else 8000),
                "session.audio.input.format.rate",
            )
        elif fmt is not None:
            raise InvalidSession(
                'format must be an object such as {"type": "audio/pcm", "rate": 24000}',
                "session.audio.input.format",
            )
        return changes

    def _beta_changes(self, raw: dict[str, Any]) -> dict[str, Any]:
        inner = {"transcription": raw.get("input_audio_transcription")} if "input_audio_transcription" in raw else {}
        if "turn_detection" in raw:
            inner["turn_detection"] = raw["turn_detection"]
        changes = self._transcription(inner, "session")
        if "input_audio_format" in raw:
            changes["format_type"] = _BETA_FORMATS.get(raw["input_audio_format"], str(raw["input_audio_format"]))
            changes["rate"] = 24000 if changes["format_type"] == "audio/pcm" else 8000
        return changes

    def _transcription(self, raw: dict, where: str) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if "transcription" in raw and raw["transcription"] is not None:
            transcription = object_at(raw["transcription"], f"{where}.transcription")
            if "model" in transcription:
                name = transcription["model"] or "whisper-1"
                changes["model_name"] = name
                changes["model"] = None if name in ALIASES else name
            for key in ("language", "prompt"):
                if key in transcription:
                    changes[key] = transcription[key] or None
        if "turn_detection" in raw:
            changes["vad"] = turn_detection(raw["turn_detection"], self.vad, f"{where}.turn_detection")
        return changes

    def as_ga(self, session_id: str) -> dict[str, Any]:
        return {
            "type": "transcription",
            "id": session_id,
            "object": "realtime.transcription_session",
            "audio": {
                "input": {
                    "format": {
                        "type": self.format_type,
                        **({"rate": self.rate} if self.format_type == "audio/pcm" else {}),
                    },
                    "transcription": {"model": self.model_name, "language": self.language, "prompt": self.prompt},
                    "turn_detection": turn_detection_json(self.vad),
                    "noise_reduction": None,
                }
            },
            "include": [],
            "voxrelay": {"keep": self.keep_session_id is not None, "session_id": self.keep_session_id},
        }

    def as_beta(self, session_id: str) -> dict[str, Any]:
        beta_format = {ours: beta for beta, ours in _BETA_FORMATS.items()}[self.format_type]
        return {
            "id": session_id,
            "object": "realtime.transcription_session",
            "input_audio_format": beta_format,
            "input_audio_transcription": {"model": self.model_name, "language": self.language, "prompt": self.prompt},
            "turn_detection": turn_detection_json(self.vad),
            "input_audio_noise_reduction": None,
            "include": [],
            "voxrelay": {"keep": self.keep_session_id is not None, "session_id": self.keep_session_id},
        }


def _kept_session_id(session: dict[str, Any]) -> str | None:
    """voxrelay's extension: `{"keep": true, "session_id": ...}` keeps the stream as a job."""
    extension = session.get("voxrelay")
    if extension is None:
        return None
    extension = object_at(extension, "session.voxrelay")
    if not extension.get("keep"):
        return None
    session_id = extension.get("session_id")
    if not isinstance(session_id, str) or not session_id:
        raise InvalidSession(
            "keep needs the session_id of an open WS /notification session", "session.voxrelay.session_id"
        )
    return session_id

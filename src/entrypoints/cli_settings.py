"""Every setting as a command-line flag, the environment beneath them, and the settings table
`voxrelay settings` prints (the README's)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from entrypoints.settings import PREFIX, Settings, parse_value


def _value_parser(f: Any) -> Callable[[str], Any]:
    # a lambda, as before: argparse names its type in an error ("invalid <lambda> value")
    return lambda raw: parse_value(f, raw)


def add_settings_flags(parser: argparse.ArgumentParser, only: set[str] | None = None) -> None:
    for f in fields(Settings):
        if only is not None and f.name not in only:
            continue
        flag = "--" + f.name.replace("_", "-")
        env = PREFIX + f.name.upper()
        help_text = f"{f.metadata['help']} (env {env}; default: {f.default})"
        if f.type in ("bool", bool):
            parser.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction, default=None, help=help_text)
        else:
            parser.add_argument(
                flag,
                dest=f.name,
                default=None,
                choices=f.metadata.get("choices"),
                type=_value_parser(f),
                metavar=f.name.split("_")[-1].upper(),
                help=help_text,
            )


def settings_table() -> str:
    lines = ["| variable | flag | default | meaning |", "|---|---|---|---|"]
    for f in fields(Settings):
        choices = f.metadata.get("choices")
        meaning = f.metadata["help"] + (f" ({' / '.join(choices)})" if choices else "")
        default = f.default if f.default != "" else "(empty)"
        flag = "--" + f.name.replace("_", "-")
        lines.append(f"| `{PREFIX}{f.name.upper()}` | `{flag}` | `{default}` | {meaning} |")
    return "\n".join(lines)


def settings_from(args: argparse.Namespace) -> Settings:
    """The environment's settings, with the flags given on top, checked (ValueError)."""
    overrides: dict[str, Any] = {f.name: getattr(args, f.name, None) for f in fields(Settings)}
    return Settings.from_env().with_overrides(overrides).validate()

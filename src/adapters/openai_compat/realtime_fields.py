"""Reading a Realtime session's fields: InvalidSession names the one that is wrong."""

from __future__ import annotations

from typing import Any


class InvalidSession(ValueError):
    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def object_at(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidSession(f"{where} must be an object", where)
    return value


def integer_at(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise InvalidSession(f"{where} must be an integer", where)
    return int(value)

"""Whether a class fits a port (a typing.Protocol) as a caller of the port would use it.

`runtime_checkable` only asks whether the names exist; this also reads each method's
signature: every parameter the port declares must be there, in the same place and under the
same name (callers pass them by keyword too), optional where the port makes it optional, and
whatever the adapter adds must be optional. Types are mypy's business
(tests/support/adapters_fit_their_ports.py is checked by it); this is the part a run can see.
"""

from __future__ import annotations

import inspect
from typing import Any, Protocol

_DATA = object()  # a member the port declares as an attribute, not a method
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def protocol_members(port: type) -> dict[str, Any]:
    """The public members a Protocol declares, its Protocol bases' included."""
    members: dict[str, Any] = {}
    for base in reversed(port.__mro__):
        if base in (object, Protocol) or not getattr(base, "_is_protocol", False):
            continue
        for name in getattr(base, "__annotations__", {}):
            if not name.startswith("_"):
                members[name] = _DATA
        for name, value in vars(base).items():
            if not name.startswith("_"):
                members[name] = value
    return members


def misfits(port: type, adapter: type) -> list[str]:
    """What keeps `adapter` from standing in for `port`; empty when it fits."""
    problems: list[str] = []
    for name, declared in protocol_members(port).items():
        try:
            offered = inspect.getattr_static(adapter, name)
        except AttributeError:
            if declared is _DATA and _set_in_init(adapter, name):
                continue
            problems.append(f"{name}: missing")
            continue
        if declared is _DATA or isinstance(declared, property):
            if callable(offered) and not isinstance(offered, property):
                problems.append(f"{name}: a method where the port reads an attribute")
            continue
        problems += [f"{name}: {problem}" for problem in _signature_misfits(declared, offered)]
    return problems


def _set_in_init(adapter: type, name: str) -> bool:
    init = vars(adapter).get("__init__")
    return init is not None and name in init.__code__.co_names


def _signature_misfits(declared: Any, offered: Any) -> list[str]:
    if isinstance(offered, staticmethod | classmethod):
        offered = offered.__func__
    if not callable(offered):
        return ["not a method"]
    if inspect.iscoroutinefunction(declared) != inspect.iscoroutinefunction(offered):
        return ["async where the port is not, or the other way round"]
    wanted = list(inspect.signature(declared).parameters.values())[1:]  # without self
    given = list(inspect.signature(offered).parameters.values())[1:]
    return _positional_misfits(wanted, given) + _keyword_misfits(wanted, given) + _extra_misfits(wanted, given)


def _takes(given: list[inspect.Parameter], kind: inspect._ParameterKind) -> bool:
    return any(p.kind is kind for p in given)


def _optional_made_required(param: inspect.Parameter, mine: inspect.Parameter) -> bool:
    return param.default is not inspect.Parameter.empty and mine.default is inspect.Parameter.empty


def _positional_misfits(wanted: list[inspect.Parameter], given: list[inspect.Parameter]) -> list[str]:
    problems: list[str] = []
    positional = [p for p in given if p.kind in _POSITIONAL]
    by_keyword = _takes(given, inspect.Parameter.VAR_KEYWORD)
    for index, param in enumerate(p for p in wanted if p.kind in _POSITIONAL):
        if index >= len(positional):
            if not _takes(given, inspect.Parameter.VAR_POSITIONAL):
                problems.append(f"does not take {param.name!r}")
            continue
        mine = positional[index]
        if param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and mine.name != param.name and not by_keyword:
            problems.append(f"calls parameter {index + 1} {mine.name!r}, the port {param.name!r}")
        if _optional_made_required(param, mine):
            problems.append(f"makes {param.name!r} required, the port optional")
    return problems


def _keyword_misfits(wanted: list[inspect.Parameter], given: list[inspect.Parameter]) -> list[str]:
    problems: list[str] = []
    by_name = {p.name: p for p in given}
    for param in (p for p in wanted if p.kind is inspect.Parameter.KEYWORD_ONLY):
        mine = by_name.get(param.name)
        if mine is None:
            if not _takes(given, inspect.Parameter.VAR_KEYWORD):
                problems.append(f"does not take {param.name!r} by keyword")
        elif _optional_made_required(param, mine):
            problems.append(f"makes {param.name!r} required, the port optional")
    return problems


def _extra_misfits(wanted: list[inspect.Parameter], given: list[inspect.Parameter]) -> list[str]:
    """Parameters the port never passes must have defaults."""
    names_wanted = {p.name for p in wanted}
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    problems: list[str] = []
    for index, mine in enumerate(given):
        extra = mine.name not in names_wanted and (mine.kind not in _POSITIONAL or index >= len(wanted))
        if extra and mine.default is inspect.Parameter.empty and mine.kind not in variadic:
            problems.append(f"requires {mine.name!r}, which the port never passes")
    return problems

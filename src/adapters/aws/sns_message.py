"""An SNS message as POSTed to an HTTP endpoint, and the exact text its signature covers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NOTIFICATION = "Notification"
SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation"
UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation"

# Amazon's canonical fields per message type, in the order they are signed.
_CONFIRMATION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
SIGNED_FIELDS: dict[str, tuple[str, ...]] = {
    NOTIFICATION: ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    SUBSCRIPTION_CONFIRMATION: _CONFIRMATION_FIELDS,
    UNSUBSCRIBE_CONFIRMATION: _CONFIRMATION_FIELDS,
}
_OPTIONAL = frozenset({"Subject"})
# Only Message may hold line breaks: were any other signed field to hold one, `Key\nValue\n`
# could be cut in two places and one signature would cover two different messages.
_FREE_TEXT = "Message"
MAX_BODY_BYTES = 512 * 1024  # SNS messages are at most 256 KiB, plus their envelope
MAX_NESTING = 8  # the envelope is one flat object of strings
_MAX_NUMBER_CHARS = 40
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class SnsVerificationFailed(Exception):
    """Not provably from SNS for a configured topic; `reason` says which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SnsBodyMalformed(SnsVerificationFailed):
    """The body is not one bounded JSON object: refused before any field is looked at."""


def shown(value: Any, limit: int = 80) -> str:
    """`repr(value)`, cut to `limit` characters: what a refusal may echo of a caller's value."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


@dataclass(frozen=True, slots=True)
class SnsMessage:
    """The fields a handler acts on, from a message that passed verification."""

    type: str
    message_id: str
    topic_arn: str
    message: str
    timestamp: str
    subject: str | None = None
    subscribe_url: str | None = None
    token: str | None = None


def _bounded_number(kind: Any) -> Any:
    def parse(text: str) -> Any:
        if len(text) > _MAX_NUMBER_CHARS:
            raise SnsBodyMalformed(f"body holds a number of {len(text)} digits")
        return kind(text)

    return parse


def _refuse_constant(name: str) -> Any:
    raise SnsBodyMalformed(f"body holds {name}, which is not JSON")


def _nesting(text: str) -> int:
    depth = deepest = 0
    for char in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_sns_body(body: bytes | str, max_bytes: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """The JSON object SNS POSTs (as text/plain). SnsBodyMalformed if it is not one, or is
    larger, deeper or holds longer numbers than any SNS message: parsing costs stay bounded."""
    if len(body) > max_bytes:
        raise SnsBodyMalformed(f"body is larger than {max_bytes} bytes")
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError:
        raise SnsBodyMalformed("body is not UTF-8 text") from None
    if _nesting(text) > MAX_NESTING:
        raise SnsBodyMalformed(f"body is nested deeper than {MAX_NESTING}")
    try:
        document = json.loads(
            text,
            parse_int=_bounded_number(int),
            parse_float=_bounded_number(float),
            parse_constant=_refuse_constant,
        )
    except (json.JSONDecodeError, RecursionError):
        raise SnsBodyMalformed("body is not JSON") from None
    if not isinstance(document, dict):
        raise SnsBodyMalformed("body is not a JSON object")
    return document


def string_to_sign(fields: Mapping[str, Any]) -> bytes:
    """`Key\\nValue\\n` for each canonical key of the message's type, in order; a required key
    that is missing (or not a string) refuses the message rather than signing less, and so
    does a line break anywhere but in Message (SNS puts none there)."""
    kind = fields.get("Type")
    names = SIGNED_FIELDS.get(kind) if isinstance(kind, str) else None  # a list is unhashable
    if names is None:
        raise SnsVerificationFailed(f"unknown message Type {shown(fields.get('Type'))}")
    text = []
    for name in names:
        if name in _OPTIONAL and fields.get(name) is None:  # absent, or JSON null
            continue
        value = fields.get(name)
        if not isinstance(value, str):
            raise SnsVerificationFailed(f"{name} is missing or not a string")
        if name != _FREE_TEXT and ("\n" in value or "\r" in value):
            raise SnsVerificationFailed(f"{name} holds a line break")
        text.append(f"{name}\n{value}\n")
    return "".join(text).encode("utf-8")


def to_message(fields: Mapping[str, Any]) -> SnsMessage:
    return SnsMessage(
        type=fields["Type"],
        message_id=fields["MessageId"],
        topic_arn=fields["TopicArn"],
        message=fields["Message"],
        timestamp=fields["Timestamp"],
        subject=fields.get("Subject"),
        subscribe_url=fields.get("SubscribeURL"),
        token=fields.get("Token"),
    )

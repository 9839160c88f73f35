"""An SNS message as POSTed to an HTTP endpoint, and the exact text its signature covers."""

from __future__ import annotations

import json
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


class SnsVerificationFailed(Exception):
    """Not provably from SNS for a configured topic; `reason` says which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def parse_sns_body(body: bytes | str) -> dict[str, Any]:
    """The JSON object SNS POSTs (as text/plain); SnsVerificationFailed if it is not one."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SnsVerificationFailed("body is not JSON") from None
    if not isinstance(document, dict):
        raise SnsVerificationFailed("body is not a JSON object")
    return document


def string_to_sign(fields: Mapping[str, Any]) -> bytes:
    """`Key\\nValue\\n` for each canonical key of the message's type, in order; a required key
    that is missing (or not a string) refuses the message rather than signing less."""
    kind = fields.get("Type")
    names = SIGNED_FIELDS.get(kind) if isinstance(kind, str) else None  # a list is unhashable
    if names is None:
        raise SnsVerificationFailed(f"unknown message Type {fields.get('Type')!r}")
    text = []
    for name in names:
        if name in _OPTIONAL and fields.get(name) is None:  # absent, or JSON null
            continue
        value = fields.get(name)
        if not isinstance(value, str):
            raise SnsVerificationFailed(f"{name} is missing or not a string")
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

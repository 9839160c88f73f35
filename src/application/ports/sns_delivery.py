"""What HandleSnsDelivery needs to act on an Amazon SNS delivery to POST /notify."""

from __future__ import annotations

from typing import Protocol

from application.ports.remote_engine import RemoteResult

SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation"
UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation"


class SnsDelivery(Protocol):
    """A message that passed verification: its kind (`type`), its id, its topic, what it
    carries (`message`: the event of a Notification) and, for a SubscriptionConfirmation,
    the URL that accepts the subscription."""

    @property
    def type(self) -> str: ...

    @property
    def message_id(self) -> str: ...

    @property
    def topic_arn(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def subscribe_url(self) -> str | None: ...


class DeliveryVerifier(Protocol):
    def verify_body(self, body: bytes) -> SnsDelivery:
        """The delivery, once its signature, certificate and topic are checked; raise
        SnsVerificationFailed (SnsBodyMalformed for a body that is no SNS message) otherwise."""
        ...


class DeliveryScreen(Protocol):
    def refuse_on_face(self, body: bytes) -> None:
        """Raise what `verify_body` raises for a body it refuses on its face, by the same checks
        it makes first; return for one that passes them (it is not verified yet). Fetches,
        claims and changes nothing: pure computation, microseconds."""
        ...


class MessageDeduplicator(Protocol):
    def claim(self, message_id: str) -> bool:
        """True the first time `message_id` is seen (within the time to live), False after;
        checking and marking are one atomic step, so concurrent deliveries claim once."""
        ...

    def release(self, message_id: str) -> None:
        """Forget a claim whose handling failed, so SNS's retry is handled, not dropped."""
        ...


class SubscriptionConfirmer(Protocol):
    def confirm(self, message: SnsDelivery) -> None:
        """Accept the subscription a verified SubscriptionConfirmation offers."""
        ...


class ResultTranslator(Protocol):
    def results(self, message: SnsDelivery) -> list[RemoteResult]:
        """What a verified notification reports about our jobs (often nothing); ValueError for
        a message that claims to be an event we know but is not one."""
        ...

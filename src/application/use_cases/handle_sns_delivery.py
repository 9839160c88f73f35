"""HandleSnsDelivery: what POST /notify does with one SNS delivery, off the event loop;
ScreenSnsDelivery: the refusals it can make on the loop, before any of that."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from application.ports.sns_delivery import (
    SUBSCRIPTION_CONFIRMATION,
    UNSUBSCRIBE_CONFIRMATION,
    DeliveryScreen,
    DeliveryVerifier,
    MessageDeduplicator,
    ResultTranslator,
    SnsDelivery,
    SubscriptionConfirmer,
)
from application.use_cases.remote_results import HandleRemoteResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HandleSnsDeliveryCommand:
    body: bytes  # the raw request body, as SNS sent it


class HandleSnsDelivery:
    """Rules: verify first (SnsVerificationFailed: refused, nothing claimed, fetched or changed),
    then claim the MessageId so a redelivery is answered without acting twice, then act:
    confirm a subscription, or hand each result for one of our jobs to HandleRemoteResult.
    If acting fails the claim is released and the error propagates, so SNS's retry is
    handled rather than dropped. A verified message that is not an event we know is
    acknowledged and logged: retrying it would not make it one. Returns what was done:
    confirmed, unsubscribed, handled, ignored or duplicate."""

    def __init__(
        self,
        verifier: DeliveryVerifier,
        deduplicator: MessageDeduplicator,
        confirmer: SubscriptionConfirmer,
        translator: ResultTranslator,
        handle: HandleRemoteResult,
    ) -> None:
        self._verifier = verifier
        self._deduplicator = deduplicator
        self._confirmer = confirmer
        self._translator = translator
        self._handle = handle

    def execute(self, command: HandleSnsDeliveryCommand) -> str:
        message = self._verifier.verify_body(command.body)
        if not self._deduplicator.claim(message.message_id):
            return "duplicate"
        try:
            return self._act(message)
        except BaseException:
            self._deduplicator.release(message.message_id)
            raise

    def _act(self, message: SnsDelivery) -> str:
        if message.type == SUBSCRIPTION_CONFIRMATION:
            self._confirmer.confirm(message)
            log.info("confirmed the subscription to %s", message.topic_arn)
            return "confirmed"
        if message.type == UNSUBSCRIBE_CONFIRMATION:
            log.warning("unsubscribed from %s: no more results will arrive", message.topic_arn)
            return "unsubscribed"
        try:
            results = self._translator.results(message)
        except ValueError as error:
            log.warning("ignoring SNS message %s: %s", message.message_id, error)
            return "ignored"
        for result in results:
            self._handle.execute(result)
        return "handled" if results else "ignored"


class ScreenSnsDelivery:
    """Rules: a delivery refused on its face is refused here as HandleSnsDelivery would refuse
    it, with the same error, because the verifier runs the same checks first in both; one that
    passes is not verified, and must still go to HandleSnsDelivery. Fetches, claims and changes
    nothing and takes microseconds, so a flood of forged deliveries can be refused on the event
    loop, without a thread each."""

    def __init__(self, screen: DeliveryScreen) -> None:
        self._screen = screen

    def execute(self, command: HandleSnsDeliveryCommand) -> None:
        self._screen.refuse_on_face(command.body)

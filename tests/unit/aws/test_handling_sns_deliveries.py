"""HandleSnsDelivery through fakes of its ports: verify, claim once, act, release on failure."""

from dataclasses import dataclass

import pytest

from adapters.aws import MemoryMessageDeduplicator
from application.ports.remote_engine import RemoteTranscriptWritten
from application.use_cases import HandleSnsDelivery, HandleSnsDeliveryCommand


@dataclass(frozen=True)
class Delivery:
    type: str
    message_id: str = "m-1"
    topic_arn: str = "arn:aws:sns:eu-west-1:123456789012:results"


class TrustingVerifier:
    def __init__(self, delivery: Delivery) -> None:
        self.delivery = delivery

    def verify_body(self, body: bytes) -> Delivery:
        return self.delivery


class RecordingConfirmer:
    def __init__(self) -> None:
        self.confirmed: list[str] = []

    def confirm(self, message) -> None:
        self.confirmed.append(message.message_id)


class FixedTranslator:
    def __init__(self, results) -> None:
        self._results = results

    def results(self, message):
        return list(self._results)


class RecordingHandle:
    def __init__(self, fails: bool = False) -> None:
        self.handled: list = []
        self._fails = fails

    def execute(self, result):
        if self._fails:
            raise RuntimeError("store down")
        self.handled.append(result)


def inbox(delivery, results=(), handle=None, deduplicator=None):
    return HandleSnsDelivery(
        TrustingVerifier(delivery),
        deduplicator or MemoryMessageDeduplicator(),
        RecordingConfirmer(),
        FixedTranslator(results),
        handle or RecordingHandle(),
    )


def test_a_result_is_handed_on_once_and_a_redelivery_is_a_duplicate():
    handle = RecordingHandle()
    result = RemoteTranscriptWritten("0" * 32)
    use_case = inbox(Delivery("Notification"), [result], handle)
    assert use_case.execute(HandleSnsDeliveryCommand(b"{}")) == "handled"
    assert use_case.execute(HandleSnsDeliveryCommand(b"{}")) == "duplicate"
    assert handle.handled == [result]


def test_a_failure_releases_the_claim_so_the_retry_is_handled():
    deduplicator = MemoryMessageDeduplicator()
    failing = inbox(
        Delivery("Notification"), [RemoteTranscriptWritten("0" * 32)], RecordingHandle(fails=True), deduplicator
    )
    with pytest.raises(RuntimeError):
        failing.execute(HandleSnsDeliveryCommand(b"{}"))
    assert deduplicator.claim("m-1")


def test_a_subscription_is_confirmed_and_a_notification_with_no_results_is_ignored():
    assert inbox(Delivery("SubscriptionConfirmation")).execute(HandleSnsDeliveryCommand(b"{}")) == "confirmed"
    assert inbox(Delivery("Notification")).execute(HandleSnsDeliveryCommand(b"{}")) == "ignored"
    assert inbox(Delivery("UnsubscribeConfirmation")).execute(HandleSnsDeliveryCommand(b"{}")) == "unsubscribed"

"""What the /notify flow reads out of a verified message, and how it drops replays and refuses
to confirm a subscription anywhere but on SNS."""

from __future__ import annotations

import json

import pytest

from adapters.aws import (
    MemoryMessageDeduplicator,
    S3ObjectCreated,
    SnsVerificationFailed,
    SubscribeUrlConfirmer,
    TranscribeJobStateChanged,
    s3_objects_created,
    transcribe_state_change,
)
from adapters.aws.sns_message import SnsMessage


def _s3_event(*keys: str, event: str = "ObjectCreated:Put") -> str:
    records = [
        {
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": "us-east-1",
            "eventName": event,
            "s3": {"bucket": {"name": "voxrelay-output"}, "object": {"key": key, "size": 10}},
        }
        for key in keys
    ]
    return json.dumps({"Records": records})


def test_created_objects_are_listed_with_url_decoded_keys():
    message = _s3_event("out/abc/my+meeting%281%29.json", "out/def/plain.json")

    assert s3_objects_created(message) == [
        S3ObjectCreated("voxrelay-output", "out/abc/my meeting(1).json"),
        S3ObjectCreated("voxrelay-output", "out/def/plain.json"),
    ]


def test_the_s3_test_event_and_transcribes_access_probe_yield_nothing():
    test_event = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "voxrelay-output"})

    assert s3_objects_created(test_event) == []
    assert s3_objects_created(_s3_event("out/.write_access_check_file.temp")) == []


def test_removals_and_other_kinds_of_message_yield_nothing():
    assert s3_objects_created(_s3_event("out/a.json", event="ObjectRemoved:Delete")) == []
    assert s3_objects_created('{"detail-type": "Transcribe Job State Change"}') == []


@pytest.mark.parametrize(
    "message",
    ["not json", "[]", '{"Records": {}}', '{"Records": [{"eventName": "ObjectCreated:Put"}]}'],
)
def test_a_malformed_s3_event_is_refused(message):
    with pytest.raises(ValueError):
        s3_objects_created(message)


def _state_change(**detail) -> str:
    return json.dumps(
        {
            "version": "0",
            "id": "e1",
            "detail-type": "Transcribe Job State Change",
            "source": "aws.transcribe",
            "account": "123456789012",
            "region": "us-east-1",
            "resources": [],
            "detail": detail,
        }
    )


def test_a_transcribe_state_change_names_the_job_its_status_and_failure_reason():
    message = _state_change(
        TranscriptionJobName="voxrelay-x",
        TranscriptionJobStatus="FAILED",
        FailureReason="bad audio",
    )

    assert transcribe_state_change(message) == TranscribeJobStateChanged("voxrelay-x", "FAILED", "bad audio")
    assert transcribe_state_change(_state_change(TranscriptionJobName="j", TranscriptionJobStatus="COMPLETED")) == (
        TranscribeJobStateChanged("j", "COMPLETED", None)
    )


def test_other_events_are_not_state_changes_and_a_broken_one_is_refused():
    assert transcribe_state_change(_s3_event("a.json")) is None
    with pytest.raises(ValueError):
        transcribe_state_change(_state_change(TranscriptionJobStatus="FAILED"))


def test_a_message_id_is_claimed_once():
    seen = MemoryMessageDeduplicator()

    assert [seen.claim("m1"), seen.claim("m1"), seen.claim("m2")] == [True, False, True]


def test_a_released_claim_lets_the_retry_through():
    seen = MemoryMessageDeduplicator()
    seen.claim("m1")

    seen.release("m1")

    assert seen.claim("m1")


def test_ids_are_forgotten_after_their_time_to_live_and_beyond_the_size_bound():
    now = [0.0]
    seen = MemoryMessageDeduplicator(ttl_seconds=10, max_entries=2, monotonic=lambda: now[0])
    seen.claim("old")
    now[0] = 11
    assert seen.claim("old")

    seen.claim("a"), seen.claim("b")

    assert seen.claim("old")  # pushed out by the size bound


def _confirmation(url: str) -> SnsMessage:
    return SnsMessage("SubscriptionConfirmation", "id", "arn:t", "m", "ts", subscribe_url=url, token="t")


@pytest.mark.parametrize(
    "url",
    [
        "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
        "https://169.254.169.254/latest/meta-data/",
        "https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription",
        "https://internal.example.com/admin",
        "",
    ],
)
def test_a_subscribe_url_off_sns_is_never_fetched(url):
    confirmer = SubscribeUrlConfirmer()

    with pytest.raises(SnsVerificationFailed):
        confirmer.confirm(_confirmation(url))


def test_only_a_subscription_confirmation_is_confirmed():
    notification = SnsMessage("Notification", "id", "arn:t", "m", "ts")

    with pytest.raises(ValueError):
        SubscribeUrlConfirmer().confirm(notification)

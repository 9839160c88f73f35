"""Properties of SNS message verification, for any body a stranger can POST to /notify."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.aws import SnsMessageVerifier, SnsVerificationFailed, StaticCertificateSource
from adapters.aws.sns_message import SIGNED_FIELDS
from application.errors import DependencyUnavailable
from tests.unit.aws.signing_kit import CERT_URL, TOPIC, TestSigner, notification, subscription_confirmation

SIGNER = TestSigner()
BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SNS_KEYS = sorted(
    {k for names in SIGNED_FIELDS.values() for k in names}
    | {"SignatureVersion", "SigningCertURL", "Signature", "UnsubscribeURL"}
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
# Bodies shaped like SNS messages get past the first checks, where the interesting bugs live.
sns_like = st.dictionaries(st.sampled_from(SNS_KEYS) | st.text(max_size=10), json_values, max_size=12)
plausible_values = st.sampled_from(["Notification", "SubscriptionConfirmation", TOPIC, "1", "2", CERT_URL])


def verifier() -> SnsMessageVerifier:
    return SnsMessageVerifier(StaticCertificateSource({CERT_URL: SIGNER.pem}), topic_arns=[TOPIC])


def signed_messages():
    url = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc"
    kinds = st.sampled_from(
        [notification(), notification(Subject="Amazon S3 Notification"), subscription_confirmation(url)]
    )
    return st.tuples(kinds, st.sampled_from(["1", "2"])).map(lambda kv: SIGNER.sign(*kv))


def refused_or_unavailable(body) -> None:
    try:
        verifier().verify_body(body)
    except (SnsVerificationFailed, DependencyUnavailable):
        return
    raise AssertionError(f"accepted {body!r}")


@BOUNDED
@given(st.binary(max_size=200) | json_values.map(json.dumps).map(str.encode))
def test_arbitrary_bodies_are_refused_with_a_verification_failure_only(body):
    refused_or_unavailable(body)


@BOUNDED
@given(sns_like, st.dictionaries(st.sampled_from(SNS_KEYS), plausible_values, max_size=6))
def test_bodies_shaped_like_sns_messages_are_refused_with_a_verification_failure_only(fields, plausible):
    refused_or_unavailable(json.dumps({**fields, **plausible}))


@BOUNDED
@given(signed_messages(), st.data())
def test_a_signed_message_with_any_signed_field_changed_is_refused(message, data):
    assert verifier().verify(message)  # as signed, it passes
    names = [*SIGNED_FIELDS[message["Type"]], "SignatureVersion", "SigningCertURL"]
    name = data.draw(st.sampled_from(names), label="field")
    value = data.draw((json_values | plausible_values).filter(lambda v: v != message.get(name)), label="new value")

    refused_or_unavailable(json.dumps({**message, name: value}))


@BOUNDED
@given(signed_messages(), st.data())
def test_a_signed_message_with_a_signed_field_removed_or_added_is_refused(message, data):
    names = SIGNED_FIELDS[message["Type"]]
    name = data.draw(st.sampled_from(names), label="field")
    if name in message:
        changed = {k: v for k, v in message.items() if k != name}
    else:
        changed = {**message, name: data.draw(st.text(max_size=20), label="added")}

    refused_or_unavailable(json.dumps(changed))


def test_a_type_that_is_not_a_string_is_refused_not_a_crash():
    """Found by the properties above: a JSON list as Type raised TypeError (unhashable)."""
    for kind in ([], {}, ["Notification"]):
        refused_or_unavailable(json.dumps({**SIGNER.sign(notification()), "Type": kind}))

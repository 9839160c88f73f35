"""A test signer standing in for SNS: an RSA key, a self-signed certificate, and messages signed
over Amazon's canonical string, so the verifier is tested against signatures we control."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from adapters.aws.sns_message import string_to_sign

TOPIC = "arn:aws:sns:us-east-1:123456789012:voxrelay-output"
CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem"


class TestSigner:
    __test__ = False  # not a test class, despite the name

    def __init__(self, valid_for: timedelta = timedelta(days=1)) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
        now = datetime.now(UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + valid_for)
            .sign(self.key, hashes.SHA256())
        )
        self.pem = self.certificate.public_bytes(serialization.Encoding.PEM)

    def sign(self, fields: dict[str, Any], version: str = "2", cert_url: str = CERT_URL) -> dict[str, Any]:
        signed = dict(fields, SignatureVersion=version, SigningCertURL=cert_url)
        digest = hashes.SHA1() if version == "1" else hashes.SHA256()
        signature = self.key.sign(string_to_sign(signed), padding.PKCS1v15(), digest)
        signed["Signature"] = base64.b64encode(signature).decode()
        return signed


def sns_timestamp(when: datetime | None = None) -> str:
    """SNS's Timestamp format, for now unless told: the verifier refuses stale messages."""
    when = when or datetime.now(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def notification(message: str = '{"Records": []}', **extra: Any) -> dict[str, Any]:
    return {
        "Type": "Notification",
        "MessageId": "6f1b7c1e-2d7a-4c53-9b0e-0d3f3c8b2a11",
        "TopicArn": TOPIC,
        "Message": message,
        "Timestamp": sns_timestamp(),
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x",
        **extra,
    }


def subscription_confirmation(subscribe_url: str, **extra: Any) -> dict[str, Any]:
    return {
        "Type": "SubscriptionConfirmation",
        "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3",
        "TopicArn": TOPIC,
        "Message": f"You have chosen to subscribe to the topic {TOPIC}.",
        "SubscribeURL": subscribe_url,
        "Timestamp": sns_timestamp(),
        **extra,
    }

"""SnsFaceChecks: what an SNS message must be on its face, before anything is fetched for it.

Pure computation on the message's own fields (a few regular expressions, a date), a few
microseconds: cheap enough for the event loop, so a flood of forged messages is refused
without a thread, a fetch or a claim."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from adapters.aws.sns_message import SnsVerificationFailed, shown, string_to_sign

# Anchored at both ends, and the label between `sns.` and `amazonaws.com` must be a region
# name (us-east-1, us-gov-west-1, cn-north-1...): S3 serves buckets on hosts such as
# `sns.s3-us-west-2.amazonaws.com`, where anyone may publish a .pem file.
DEFAULT_CERT_HOST_PATTERN = r"^sns\.[a-z]{2}(-[a-z]{3,4})?-[a-z]+-[0-9]{1,2}\.amazonaws\.com(\.cn)?$"
# SNS retries an HTTP/S delivery for at most an hour; five minutes more for clocks that differ.
DEFAULT_MAX_MESSAGE_AGE_SECONDS = 3600.0 + 300.0
SIGNATURE_VERSIONS = frozenset({"1", "2"})  # 1: SHA1, 2: SHA256
_CLOCK_SKEW = timedelta(minutes=5)
_CERT_PATH = re.compile(r"/SimpleNotificationService-[0-9a-fA-F]{1,64}\.pem")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
_MAX_CERT_URL_CHARS = 256


def is_https_on_host(url: Any, host_pattern: re.Pattern[str]) -> bool:
    """An https URL whose host name (without the port) matches the pattern."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme == "https" and host is not None and bool(host_pattern.fullmatch(host))


@dataclass(frozen=True, slots=True)
class FacePassed:
    """A message that passed every face check, with what its signature check needs."""

    fields: Mapping[str, Any]
    signed: bytes  # Amazon's canonical string, which the signature covers
    signature: bytes
    version: str  # a SIGNATURE_VERSIONS member
    cert_url: str


class SnsFaceChecks:
    """In this order: the Type and the signed fields (strings; no line break but in Message),
    the TopicArn (one of `topic_arns`), the MessageId (a UUID, as SNS makes them), the
    Timestamp (at most `max_message_age_seconds` old, not from the future), the
    SignatureVersion, the SigningCertURL (exactly `https://<host>/SimpleNotificationService-<hex>.pem`
    with the host matching `cert_host_pattern`: no port, user, query or fragment), and a
    Signature that is base64 and not empty. SnsVerificationFailed names the first that fails."""

    def __init__(
        self,
        topic_arns: Iterable[str],
        cert_host_pattern: str,
        clock: Callable[[], datetime],
        max_message_age_seconds: float,
    ) -> None:
        self._topics = frozenset(topic_arns)
        self._host = re.compile(cert_host_pattern)
        self._clock = clock
        self._max_age = timedelta(seconds=max_message_age_seconds)

    def check(self, fields: Mapping[str, Any]) -> FacePassed:
        signed = string_to_sign(fields)  # refuses an unknown Type, a missing field, a line break
        if fields.get("TopicArn") not in self._topics:
            raise SnsVerificationFailed(f"topic {shown(fields.get('TopicArn'))} is not configured")
        # A UUID holds no `\nSubject\n...`: an id cannot swallow a field and sign as a new id.
        if not _UUID.fullmatch(fields["MessageId"]):
            raise SnsVerificationFailed(f"MessageId {shown(fields['MessageId'])} is not a UUID")
        self._check_timestamp(fields["Timestamp"])
        version = fields.get("SignatureVersion")
        if not isinstance(version, str) or version not in SIGNATURE_VERSIONS:
            raise SnsVerificationFailed(f"unsupported SignatureVersion {shown(version)}")
        url = fields.get("SigningCertURL")
        self._check_cert_url(url)
        try:
            signature = base64.b64decode(str(fields.get("Signature", "")), validate=True)
        except (binascii.Error, ValueError):
            raise SnsVerificationFailed("Signature is not base64") from None
        if not signature:
            raise SnsVerificationFailed("Signature is missing")
        return FacePassed(fields, signed, signature, version, url)  # type: ignore[arg-type]

    def allows_host(self, url: Any) -> bool:
        return is_https_on_host(url, self._host)

    def _check_timestamp(self, stamp: str) -> None:
        if not _TIMESTAMP.fullmatch(stamp):
            raise SnsVerificationFailed(f"Timestamp {shown(stamp)} is not an ISO 8601 UTC time")
        try:
            sent = datetime.fromisoformat(stamp)
        except ValueError:
            raise SnsVerificationFailed(f"Timestamp {shown(stamp)} is not a date") from None
        now = self._clock()
        if sent < now - self._max_age:
            raise SnsVerificationFailed(f"Timestamp {stamp} is older than SNS retries a delivery")
        if sent > now + _CLOCK_SKEW:
            raise SnsVerificationFailed(f"Timestamp {stamp} is in the future")

    def _check_cert_url(self, url: Any) -> None:
        if not self.allows_host(url) or len(url) > _MAX_CERT_URL_CHARS:
            raise SnsVerificationFailed("SigningCertURL is not an https URL on an SNS host")
        parts = urlsplit(url)
        # Rebuilt from its parts, the URL must be itself: no port (not even an empty one), no
        # user, query or fragment, and nothing urlsplit quietly drops (tabs, line breaks).
        if parts.netloc.lower() != parts.hostname or url != f"https://{parts.netloc}{parts.path}":
            raise SnsVerificationFailed("SigningCertURL has a port, user, query or fragment")
        if not _CERT_PATH.fullmatch(parts.path):
            raise SnsVerificationFailed("SigningCertURL does not name a /SimpleNotificationService-<hex>.pem file")

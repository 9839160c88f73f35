"""SubscribeUrlConfirmer: answers a verified SubscriptionConfirmation by GETting SubscribeURL."""

from __future__ import annotations

import re

import httpx

from adapters.aws.sns_message import SUBSCRIPTION_CONFIRMATION, SnsVerificationFailed
from adapters.aws.sns_verifier import DEFAULT_CERT_HOST_PATTERN, is_https_on_host
from application.errors import DependencyUnavailable
from application.ports.sns_delivery import SnsDelivery


class SubscribeUrlConfirmer:
    """Only an https URL on a host matching the SNS pattern is ever fetched: a signed message
    still must not make this service request an arbitrary URL (server-side request forgery).
    Redirects are not followed, for the same reason."""

    def __init__(self, host_pattern: str = DEFAULT_CERT_HOST_PATTERN, timeout: float = 10.0) -> None:
        self._host = re.compile(host_pattern)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)

    def confirm(self, message: SnsDelivery) -> None:
        if message.type != SUBSCRIPTION_CONFIRMATION:
            raise ValueError(f"a {message.type} is not a subscription confirmation")
        url = message.subscribe_url or ""
        if not is_https_on_host(url, self._host):
            raise SnsVerificationFailed("SubscribeURL is not an https URL on an SNS host")
        try:
            response = self._client.get(url)
        except httpx.HTTPError as error:
            raise DependencyUnavailable(f"could not confirm subscription: {type(error).__name__}") from error
        if response.status_code != 200:
            raise DependencyUnavailable(f"SNS answered the confirmation with {response.status_code}")

    def close(self) -> None:
        self._client.close()

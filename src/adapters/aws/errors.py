"""Which botocore errors mean "AWS is down or unreachable", translated into the app's own error.

Only outages become DependencyUnavailable (the request may be retried); a refusal such as
AccessDenied or NoSuchBucket is a configuration mistake and stays a ClientError, loud.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, HTTPClientError

from application.errors import DependencyUnavailable

# Codes AWS answers when it is overloaded rather than when it refuses.
_OUTAGE_CODES = frozenset(
    {
        "InternalError",
        "ServiceUnavailable",
        "SlowDown",
        "RequestTimeout",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "InternalFailureException",
    }
)


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def http_status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)


_MISSING = frozenset({"NoSuchKey", "404", "NotFound"})


def is_missing(error: BaseException) -> bool:
    """True when S3 says the object is not there (GetObject's NoSuchKey, HeadObject's bare 404)."""
    return isinstance(error, ClientError) and (error_code(error) in _MISSING or http_status(error) == 404)


def is_outage(error: BaseException) -> bool:
    """True for connection failures, timeouts, 5xx answers and throttling."""
    if isinstance(error, (ConnectionError, HTTPClientError)):
        return True
    if isinstance(error, ClientError):
        return http_status(error) >= 500 or error_code(error) in _OUTAGE_CODES
    return False


def unavailable(service: str, error: BotoCoreError | ClientError) -> DependencyUnavailable:
    """The app's error for an outage, keeping the botocore error as its cause."""
    result = DependencyUnavailable(f"{service} is unavailable: {type(error).__name__}")
    result.__cause__ = error
    return result

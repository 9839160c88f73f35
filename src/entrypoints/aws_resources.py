"""Lifecycles of the AWS-mode resources the container owns: made when first asked for (the
clients the configuration uses, at start-up), closed at shutdown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config

from adapters.aws import HttpsCertificateSource, SubscribeUrlConfirmer


def client_config(timeout_seconds: float, max_attempts: int) -> Config:
    """Bounded calls: an S3 or Transcribe that does not answer becomes a 503 in seconds, not
    minutes. Standard retries back off with jitter and retry only what is safe to retry
    (throttling, 5xx, connection errors); a multipart upload retries part by part."""
    return Config(
        connect_timeout=timeout_seconds,
        read_timeout=timeout_seconds,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
    )


def boto3_client(service: str, region: str | None, config: Config | None = None) -> Iterator[Any]:
    """Region, endpoint (AWS_ENDPOINT_URL) and credentials come from boto3's own chain
    unless a region is configured."""
    client = boto3.session.Session().client(service, region_name=region, config=config)
    yield client
    client.close()


def https_certificates() -> Iterator[HttpsCertificateSource]:
    source = HttpsCertificateSource()
    yield source
    source.close()


def subscription_confirmer(host_pattern: str) -> Iterator[SubscribeUrlConfirmer]:
    confirmer = SubscribeUrlConfirmer(host_pattern)
    yield confirmer
    confirmer.close()

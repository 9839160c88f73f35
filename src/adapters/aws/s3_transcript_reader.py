"""S3TranscriptReader: reads the JSON documents Amazon Transcribe writes to the output bucket."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from adapters.aws.errors import is_missing, is_outage, unavailable


class S3TranscriptReader:
    """`read(key)` returns the parsed document. KeyError if the object is absent, ValueError
    if it is not a JSON object or is larger than `max_bytes`, DependencyUnavailable on outages."""

    def __init__(self, client: Any, bucket: str, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._client = client
        self.bucket = bucket
        self._max_bytes = max_bytes

    def read(self, key: str) -> dict[str, Any]:
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=key)
            if int(answer.get("ContentLength") or 0) > self._max_bytes:
                answer["Body"].close()
                raise ValueError(f"transcript {key} is larger than {self._max_bytes} bytes")
            raw = answer["Body"].read(self._max_bytes + 1)
        except (BotoCoreError, ClientError) as error:
            if is_missing(error):
                raise KeyError(key) from error
            if is_outage(error):
                raise unavailable("S3", error) from error
            raise
        if len(raw) > self._max_bytes:
            raise ValueError(f"transcript {key} is larger than {self._max_bytes} bytes")
        try:
            document = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"transcript {key} is not JSON: {error}") from error
        if not isinstance(document, dict):
            raise ValueError(f"transcript {key} is not a JSON object")
        return document

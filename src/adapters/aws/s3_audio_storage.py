"""S3AudioStorage: the AudioStorage port on an S3 bucket (the input bucket of Amazon Transcribe)."""

from __future__ import annotations

import tempfile
import uuid
from typing import Any, BinaryIO

from botocore.exceptions import BotoCoreError, ClientError

from adapters.aws.errors import is_missing, is_outage, unavailable
from adapters.aws.s3_upload import MIN_PART_SIZE, S3AudioWriter
from domain.values import AudioReference


class S3AudioStorage:
    """Keys are `prefix` + a random hex name, never a client's file name. Reads are spooled
    (in memory up to one part, then to a temporary file) so the caller gets a seekable stream
    without the whole object in memory. Outages raise DependencyUnavailable."""

    def __init__(
        self,
        client: Any,
        bucket: str,
        prefix: str = "audio/",
        part_size: int = 8 * 1024 * 1024,
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes (an S3 limit)")
        self._client = client
        self.bucket = bucket
        self._prefix = prefix
        self._part_size = part_size

    def create(self) -> S3AudioWriter:
        key = f"{self._prefix}{uuid.uuid4().hex}"
        return S3AudioWriter(self._client, self.bucket, key, self._part_size)

    def open(self, ref: AudioReference) -> BinaryIO:
        spool = tempfile.SpooledTemporaryFile(max_size=self._part_size)  # noqa: SIM115 (the caller closes it)
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=ref.key)
            for chunk in answer["Body"].iter_chunks(chunk_size=1024 * 1024):
                spool.write(chunk)
        except (BotoCoreError, ClientError) as error:
            spool.close()
            raise self._translate(error, ref) from error
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool  # type: ignore[return-value]

    def exists(self, ref: AudioReference) -> bool:
        try:
            self._client.head_object(Bucket=self.bucket, Key=ref.key)
        except (BotoCoreError, ClientError) as error:
            if is_missing(error):
                return False
            raise self._translate(error, ref) from error
        return True

    def delete(self, ref: AudioReference) -> None:
        try:
            self._client.delete_object(Bucket=self.bucket, Key=ref.key)
        except (BotoCoreError, ClientError) as error:
            if is_missing(error):
                return
            raise self._translate(error, ref) from error

    @staticmethod
    def _translate(error: BotoCoreError | ClientError, ref: AudioReference) -> Exception:
        if is_missing(error):
            return KeyError(ref.key)
        if is_outage(error):
            return unavailable("S3", error)
        return error

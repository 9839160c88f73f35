"""S3AudioWriter: streams one upload to S3 holding at most one part in memory."""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from adapters.aws.errors import is_outage, unavailable
from domain.values import AudioReference

log = logging.getLogger(__name__)

MIN_PART_SIZE = 5 * 1024 * 1024
"""S3 refuses to complete a multipart upload whose parts (but the last) are smaller."""


class S3AudioWriter:
    """Buffers up to `part_size` bytes; an upload that never fills one part is one put_object,
    a larger one becomes a multipart upload that nothing can read before `commit`."""

    def __init__(self, client: Any, bucket: str, key: str, part_size: int) -> None:
        self._client = client
        self._bucket = bucket
        self.key = key
        self._part_size = part_size
        self._buffer = bytearray()
        self._size = 0
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []
        self._done = False

    def write(self, chunk: bytes) -> None:
        if self._done:
            raise ValueError("writer already closed")
        self._buffer += chunk
        self._size += len(chunk)
        while len(self._buffer) >= self._part_size:
            self._upload_part(bytes(self._buffer[: self._part_size]))
            del self._buffer[: self._part_size]

    def commit(self) -> AudioReference:
        if self._done:
            raise ValueError("writer already closed")
        try:
            if self._upload_id is None:
                self._call("put_object", Bucket=self._bucket, Key=self.key, Body=bytes(self._buffer))
            else:
                if self._buffer:
                    self._upload_part(bytes(self._buffer))
                self._call(
                    "complete_multipart_upload",
                    Bucket=self._bucket,
                    Key=self.key,
                    UploadId=self._upload_id,
                    MultipartUpload={"Parts": self._parts},
                )
        except BaseException:
            self.abort()
            raise
        self._done = True
        self._buffer = bytearray()
        return AudioReference(self.key, self._size)

    def abort(self) -> None:
        self._done = True
        self._buffer = bytearray()
        upload_id, self._upload_id = self._upload_id, None
        if upload_id is None:
            return
        try:
            self._client.abort_multipart_upload(Bucket=self._bucket, Key=self.key, UploadId=upload_id)
        except (BotoCoreError, ClientError):
            # Abort is called on the way out of a failure already being raised; a bucket
            # lifecycle rule (AbortIncompleteMultipartUpload) sweeps what is left behind.
            log.warning("could not abort multipart upload of %s", self.key, exc_info=True)

    def _upload_part(self, data: bytes) -> None:
        if self._upload_id is None:
            created = self._call("create_multipart_upload", Bucket=self._bucket, Key=self.key)
            self._upload_id = created["UploadId"]
        number = len(self._parts) + 1
        answer = self._call(
            "upload_part",
            Bucket=self._bucket,
            Key=self.key,
            UploadId=self._upload_id,
            PartNumber=number,
            Body=data,
        )
        self._parts.append({"PartNumber": number, "ETag": answer["ETag"]})

    def _call(self, operation: str, **kwargs: Any) -> Any:
        try:
            return getattr(self._client, operation)(**kwargs)
        except (BotoCoreError, ClientError) as error:
            if is_outage(error):
                raise unavailable("S3", error) from error
            raise

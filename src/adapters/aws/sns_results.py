"""What a verified SNS Notification means for our jobs: S3 events from the output bucket and
EventBridge "Transcribe Job State Change" events, translated into remote results."""

from __future__ import annotations

from adapters.aws.sns_events import s3_objects_created, transcribe_state_change
from adapters.aws.transcribe_naming import job_id_from_output_key, job_id_from_transcribe_name
from application.ports.remote_engine import RemoteJobFailed, RemoteResult, RemoteTranscriptWritten
from application.ports.sns_delivery import SnsDelivery


class SnsResultTranslator:
    """Only objects in `output_bucket` under `output_prefix` whose key maps back to a job id
    count; other buckets, foreign keys, test events and Transcribe's access probe yield nothing.
    A state change names a job through its Transcribe job name (`voxrelay-<job id>`).
    Raises ValueError for a message that is neither kind of event but claims to be one."""

    def __init__(self, output_bucket: str, output_prefix: str = "") -> None:
        self._bucket = output_bucket
        self._prefix = output_prefix

    def results(self, message: SnsDelivery) -> list[RemoteResult]:
        change = transcribe_state_change(message.message)
        if change is not None:
            job_id = job_id_from_transcribe_name(change.job_name)
            if job_id is None:
                return []
            if change.status == "FAILED":
                return [RemoteJobFailed(job_id.value, change.failure_reason)]
            if change.status == "COMPLETED":
                return [RemoteTranscriptWritten(job_id.value)]
            return []
        found: dict[str, RemoteResult] = {}
        for created in s3_objects_created(message.message):
            job_id = job_id_from_output_key(created.key, self._prefix)
            if created.bucket == self._bucket and job_id is not None:
                found.setdefault(job_id.value, RemoteTranscriptWritten(job_id.value))
        return list(found.values())

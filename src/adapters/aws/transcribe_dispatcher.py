"""TranscribeJobDispatcher: a JobDispatcher that starts Amazon Transcribe jobs, never awaits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from adapters.aws.errors import error_code, is_outage, unavailable
from adapters.aws.transcribe_naming import (
    DEFAULT_LANGUAGE_CODES,
    output_key,
    transcribe_job_name,
)
from application.errors import TranscriptionFailed
from domain.job import TranscriptionJob
from domain.values import JobId

# Transcribe's answer to too many requests or too many concurrent jobs: worth a retry.
_RETRYABLE = frozenset({"LimitExceededException", "InternalFailureException"})


@dataclass(frozen=True, slots=True)
class TranscribeJobStatus:
    job_name: str
    status: str  # QUEUED | IN_PROGRESS | COMPLETED | FAILED
    failure_reason: str | None = None
    transcript_uri: str | None = None


class TranscribeJobDispatcher:
    """`dispatch` starts one StartTranscriptionJob per job; the result arrives later through S3
    and SNS. Dispatching the same job again (a redelivery) is harmless: the name is derived
    from the job id, and a name already taken by the same media counts as started.
    Without a language the job asks Transcribe to identify it."""

    def __init__(
        self,
        client: Any,
        input_bucket: str,
        output_bucket: str,
        output_prefix: str = "",
        language_codes: Mapping[str, str] = DEFAULT_LANGUAGE_CODES,
        language_options: Sequence[str] = (),
        max_speakers: int | None = None,
    ) -> None:
        self._client = client
        self._input_bucket = input_bucket
        self._output_bucket = output_bucket
        self.output_prefix = output_prefix
        self._language_codes = dict(language_codes)
        self._language_options = list(language_options)
        self._max_speakers = max_speakers

    def dispatch(self, job: TranscriptionJob) -> None:
        request = self.start_request(job)
        try:
            self._client.start_transcription_job(**request)
        except (BotoCoreError, ClientError) as error:
            if isinstance(error, ClientError) and error_code(error) == "ConflictException":
                self._check_same_media(request)
                return
            raise _translate(error) from error

    def start_request(self, job: TranscriptionJob) -> dict[str, Any]:
        request: dict[str, Any] = {
            "TranscriptionJobName": transcribe_job_name(job.id),
            "Media": {"MediaFileUri": f"s3://{self._input_bucket}/{job.audio.key}"},
            "MediaFormat": job.media_format.value,
            "OutputBucketName": self._output_bucket,
            "OutputKey": output_key(job, self.output_prefix),
        }
        if job.language:
            language = job.language.value
            if language not in self._language_codes:
                raise TranscriptionFailed(f"Amazon Transcribe is not set up for language {language!r}")
            request["LanguageCode"] = self._language_codes[language]
        else:
            request["IdentifyLanguage"] = True
            if self._language_options:
                request["LanguageOptions"] = self._language_options
        if self._max_speakers:
            request["Settings"] = {
                "ShowSpeakerLabels": True,
                "MaxSpeakerLabels": self._max_speakers,
            }
        return request

    def status(self, job_id: JobId) -> TranscribeJobStatus | None:
        """Where Transcribe's job for `job_id` stands; None if Transcribe does not know it."""
        name = transcribe_job_name(job_id)
        try:
            answer = self._client.get_transcription_job(TranscriptionJobName=name)
        except (BotoCoreError, ClientError) as error:
            if isinstance(error, ClientError) and _is_unknown_job(error):
                return None
            raise _translate(error) from error
        found = answer["TranscriptionJob"]
        return TranscribeJobStatus(
            job_name=name,
            status=found["TranscriptionJobStatus"],
            failure_reason=found.get("FailureReason"),
            transcript_uri=(found.get("Transcript") or {}).get("TranscriptFileUri"),
        )

    def _check_same_media(self, request: dict[str, Any]) -> None:
        name = request["TranscriptionJobName"]
        try:
            found = self._client.get_transcription_job(TranscriptionJobName=name)["TranscriptionJob"]
        except (BotoCoreError, ClientError) as error:
            raise _translate(error) from error
        if found.get("Media", {}).get("MediaFileUri") != request["Media"]["MediaFileUri"]:
            # Job ids are random: this is a misconfiguration (two deployments sharing an
            # account and prefix), never a retry; retrying would not help.
            raise TranscriptionFailed(f"Transcribe job {name} already exists for other media")


def _is_unknown_job(error: ClientError) -> bool:
    # Transcribe answers an unknown name with BadRequestException "couldn't be found".
    message = str(error.response.get("Error", {}).get("Message", ""))
    return error_code(error) == "NotFoundException" or (
        error_code(error) == "BadRequestException" and "found" in message
    )


def _translate(error: BotoCoreError | ClientError) -> Exception:
    if is_outage(error) or (isinstance(error, ClientError) and error_code(error) in _RETRYABLE):
        return unavailable("Amazon Transcribe", error)
    if isinstance(error, ClientError) and error_code(error) == "BadRequestException":
        return TranscriptionFailed(str(error.response.get("Error", {}).get("Message", "refused")))
    return error

"""AwsTranscribeRemoteEngine: the RemoteEngine port on Amazon Transcribe and its output bucket."""

from __future__ import annotations

from adapters.aws.s3_transcript_reader import S3TranscriptReader
from adapters.aws.transcribe_dispatcher import TranscribeJobDispatcher
from adapters.aws.transcribe_naming import output_key
from adapters.aws.transcribe_output import parse_transcribe_output
from application.errors import TranscriptUnreadable
from application.ports import RemoteJobState, RemoteJobStatus
from domain.job import TranscriptionJob
from domain.transcript import Transcript


class AwsTranscribeRemoteEngine:
    """`state` asks GetTranscriptionJob; `transcript` reads the job's own output key (the one
    StartTranscriptionJob named), never a key taken from a message, and parses Amazon's JSON.
    A status Transcribe may add later is read as still running."""

    def __init__(
        self, transcriber: TranscribeJobDispatcher, reader: S3TranscriptReader, output_prefix: str = ""
    ) -> None:
        self._transcriber = transcriber
        self._reader = reader
        self._output_prefix = output_prefix

    def state(self, job: TranscriptionJob) -> RemoteJobState | None:
        found = self._transcriber.status(job.id)
        if found is None:
            return None
        try:
            status = RemoteJobStatus(found.status)
        except ValueError:
            status = RemoteJobStatus.IN_PROGRESS
        return RemoteJobState(status, found.failure_reason)

    def transcript(self, job: TranscriptionJob) -> Transcript | None:
        key = output_key(job, self._output_prefix)
        try:
            document = self._reader.read(key)
        except KeyError:
            return None
        except ValueError as error:
            raise TranscriptUnreadable(f"Amazon Transcribe's output is unreadable: {error}") from error
        try:
            return parse_transcribe_output(document, language=job.language.value if job.language else None)
        except ValueError as error:
            raise TranscriptUnreadable(f"Amazon Transcribe's output is unreadable: {error}") from error

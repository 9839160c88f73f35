"""GetJob and GetTranscript: a job, with its transcript once there is one."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import TranscriptNotReady
from application.job_loading import load_job
from application.ports import JobRepository
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Transcript


@dataclass(frozen=True, slots=True)
class GetJobCommand:
    job_id: str
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class JobView:
    job: TranscriptionJob
    transcript: Transcript | None


@dataclass(frozen=True, slots=True)
class JobTranscript:
    job: TranscriptionJob
    transcript: Transcript


class GetJob:
    """Rules: an id that is malformed, unknown or another owner's job is the same
    JobNotFound (no probing)."""

    def __init__(self, jobs: JobRepository) -> None:
        self._jobs = jobs

    def execute(self, command: GetJobCommand) -> JobView:
        job = load_job(self._jobs, command.job_id, command.owner)
        transcript = self._jobs.transcript(job.id) if job.status is JobStatus.COMPLETED else None
        return JobView(job, transcript)


class GetTranscript:
    """Rules: as GetJob's for the id; a job with no transcript yet is TranscriptNotReady,
    saying the job's state (and a failed job's reason)."""

    def __init__(self, get_job: GetJob) -> None:
        self._get_job = get_job

    def execute(self, command: GetJobCommand) -> JobTranscript:
        view = self._get_job.execute(command)
        if view.transcript is None:
            job = view.job
            reason = f": {job.error}" if job.status is JobStatus.FAILED else "; no transcript yet"
            raise TranscriptNotReady(f"job is {job.status.value}{reason}")
        return JobTranscript(view.job, view.transcript)

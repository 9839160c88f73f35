"""ReadJobAudio: the audio a job was made from, while the service still holds it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from application.errors import AudioNotHeld
from application.job_loading import load_job
from application.ports import AudioStorage, JobRepository
from domain.job import TranscriptionJob


@dataclass(frozen=True, slots=True)
class ReadJobAudioCommand:
    job_id: str
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class JobAudio:
    job: TranscriptionJob
    stream: BinaryIO  # the caller closes it
    size_bytes: int


class ReadJobAudio:
    """Rules: only the job's owner sees its audio (another owner's or an unknown id is
    JobNotFound, as for the job itself); audio already deleted (a purge, a job's end, a
    storage that lost it) is AudioNotHeld, never an empty answer."""

    def __init__(self, jobs: JobRepository, storage: AudioStorage) -> None:
        self._jobs = jobs
        self._storage = storage

    def execute(self, command: ReadJobAudioCommand) -> JobAudio:
        job = load_job(self._jobs, command.job_id, command.owner)
        try:
            stream = self._storage.open(job.audio)
        except KeyError:
            raise AudioNotHeld(command.job_id) from None
        return JobAudio(job, stream, job.audio.size_bytes)

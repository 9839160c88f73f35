"""ReconcileSilentJobs: asks a remote engine about jobs it has not reported on for a while.

A job that fails in Amazon Transcribe writes no output, so no S3 event ever announces it; an
announcement can also be lost. Polling the jobs that stay silent makes every job end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from application.clock import Clock, utc_now
from application.errors import DependencyUnavailable
from application.ports import InFlightJobs, JobRepository, RemoteEngine, RemoteJobStatus
from application.use_cases.remote_results import (
    HandleRemoteResult,
    RemoteJobFailed,
    RemoteResult,
    RemoteTranscriptWritten,
)
from domain.values import JobId

log = logging.getLogger(__name__)

NO_TRANSCRIPT = "the transcription engine reports the job completed but wrote no transcript"
UNKNOWN_TO_ENGINE = "the transcription engine has no record of this job"


@dataclass(frozen=True, slots=True)
class ReconcileSilentJobsCommand:
    """One round over the silent jobs; it has no parameters of its own."""


class ReconcileSilentJobs:
    """Rules, for each job the engine has said nothing about for `silent_after` seconds:
    - the engine is asked where its run stands; FAILED fails the job with the engine's reason;
    - COMPLETED reads the transcript as if it had been announced (the announcement was lost),
      and a completed run that wrote none fails the job;
    - a run still QUEUED or IN_PROGRESS is left to run, and asked about again after another
      `silent_after`; a job the engine has no record of fails: it will never report;
    - a job that ended meanwhile is just forgotten;
    - an engine outage ends the round early; the jobs stay watched for the next one.
    `execute` returns how many jobs it ended.
    """

    def __init__(
        self,
        jobs: JobRepository,
        engine: RemoteEngine,
        in_flight: InFlightJobs,
        handle: HandleRemoteResult,
        silent_after_seconds: float,
        clock: Clock = utc_now,
    ) -> None:
        self._jobs = jobs
        self._engine = engine
        self._in_flight = in_flight
        self._handle = handle
        self._silent_after = timedelta(seconds=silent_after_seconds)
        self._clock = clock

    def execute(self, command: ReconcileSilentJobsCommand = ReconcileSilentJobsCommand()) -> int:
        ended = 0
        for job_id in self._in_flight.silent_since(self._clock() - self._silent_after):
            try:
                ended += self._reconcile(job_id)
            except DependencyUnavailable:
                log.warning("cannot ask about silent jobs now; will retry", exc_info=True)
                break
            except Exception:
                log.exception("could not reconcile silent job %s", job_id)
                self._in_flight.watch(job_id, self._clock())  # not again before silent_after
        return ended

    def _reconcile(self, job_id: JobId) -> int:
        job = self._jobs.get(job_id)
        if job is None or job.status.is_final:
            self._in_flight.forget(job_id)
            return 0
        state = self._engine.state(job)
        if state is None:
            result: RemoteResult = RemoteJobFailed(job_id.value, UNKNOWN_TO_ENGINE)
        elif state.status is RemoteJobStatus.FAILED:
            result = RemoteJobFailed(job_id.value, state.failure_reason)
        elif state.status is RemoteJobStatus.COMPLETED:
            result = RemoteTranscriptWritten(job_id.value)
        else:
            self._in_flight.watch(job_id, self._clock())
            return 0
        after = self._handle.execute(result)
        if isinstance(result, RemoteTranscriptWritten) and after and not after.status.is_final:
            after = self._handle.execute(RemoteJobFailed(job_id.value, NO_TRANSCRIPT))
        return int(bool(after and after.status.is_final))

"""What a job's events set off: the handlers of the job-event bus, and the bus they make."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from application.message_bus import Handler, JobChange, MessageBus
from application.notifications import JobNotification
from application.ports import InFlightJobs
from application.ports.metrics import Metrics
from application.ports.submission_limiter import ANONYMOUS_CALLER, SubmissionLimiter
from application.stored_audio import KEPT_AUDIO, StoredAudio
from application.use_cases.notify_session import NotifySession
from domain.events import JobCancelled, JobCompleted, JobFailed, JobNotQueued, JobSubmitted

log = logging.getLogger(__name__)


class CountJobs:
    """A job is counted when it is stored and once when it ends (the aggregate records an
    ending once, so a repeated save of a final state counts nothing)."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def submitted(self, change: JobChange) -> None:
        self._metrics.job_submitted()

    def finished(self, change: JobChange) -> None:
        self._metrics.job_finished(change.job)


class ReleaseJobSlot:
    """An ended job no longer counts against its caller's unfinished jobs. A release that
    fails is not the job's failure: the limiter's next full check finds the job ended."""

    def __init__(self, limiter: SubmissionLimiter) -> None:
        self._limiter = limiter

    def __call__(self, change: JobChange) -> None:
        try:
            self._limiter.end_job(change.job.owner or ANONYMOUS_CALLER, change.job.id.value)
        except Exception:
            log.warning("could not release the place of job %s; forgotten later", change.job.id)


class ForgetInFlightJob:
    """An ended job is no longer watched for silence."""

    def __init__(self, in_flight: InFlightJobs) -> None:
        self._in_flight = in_flight

    def __call__(self, change: JobChange) -> None:
        self._in_flight.forget(change.job.id)


class TellSession:
    """The job's session hears how it ended (NotifySession's rules)."""

    def __init__(self, notify: NotifySession) -> None:
        self._notify = notify

    def __call__(self, change: JobChange) -> None:
        self._notify.execute(JobNotification.for_finished(change.job, change.transcript))


class EndJobAudio:
    """The job's audio goes, or stays counted, as StoredAudio.job_ended decides."""

    def __init__(self, audio: StoredAudio) -> None:
        self._audio = audio

    def __call__(self, change: JobChange) -> None:
        self._audio.job_ended(change.job)


def job_event_bus(
    notify: NotifySession,
    audio: StoredAudio = KEPT_AUDIO,
    metrics: Metrics | None = None,
    limiter: SubmissionLimiter | None = None,
    in_flight: InFlightJobs | None = None,
) -> MessageBus:
    """The bus every job use case of a process shares. An ended job is counted, gives back its
    caller's place and its watch, then its session is told, and only then its audio goes (a
    push that fails leaves the audio for the retention purge). A job that could not be queued
    is counted and nothing more: SubmitAudio undoes the rest and its caller gets the error."""
    counted: Sequence[Handler] = () if metrics is None else (CountJobs(metrics).finished,)
    freed: list[Handler] = [*counted]
    if limiter is not None:
        freed.append(ReleaseJobSlot(limiter))
    if in_flight is not None:
        freed.append(ForgetInFlightJob(in_flight))
    ended: tuple[Handler, ...] = (*freed, TellSession(notify), EndJobAudio(audio))
    return MessageBus(
        {
            JobSubmitted: () if metrics is None else (CountJobs(metrics).submitted,),
            JobCompleted: ended,
            JobFailed: ended,
            JobCancelled: ended,
            JobNotQueued: counted,
        }
    )

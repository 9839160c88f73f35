"""WatchedJobDispatcher: remembers which jobs went to a remote engine, so silence is noticed."""

from __future__ import annotations

from application.clock import Clock, utc_now
from application.ports import InFlightJobs, JobDispatcher
from domain.job import TranscriptionJob


class WatchedJobDispatcher:
    """A JobDispatcher that hands the job on, then watches it until it ends
    (ReconcileSilentJobs asks about it if it stays silent). A job the engine refused is
    not watched: SubmitAudio fails it on the spot."""

    def __init__(self, dispatcher: JobDispatcher, in_flight: InFlightJobs, clock: Clock = utc_now) -> None:
        self._dispatcher = dispatcher
        self._in_flight = in_flight
        self._clock = clock

    def dispatch(self, job: TranscriptionJob) -> None:
        # Watch first: a job the engine accepted must never go unwatched because the watch
        # store failed afterwards (SubmitAudio would fail it while the engine runs it).
        self._in_flight.watch(job.id, self._clock())
        try:
            self._dispatcher.dispatch(job)
        except BaseException:
            self._in_flight.forget(job.id)
            raise

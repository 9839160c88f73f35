"""RoundRobinJobs: the embedded runner's waiting jobs, taken in turns between API keys."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import count

from domain.job import TranscriptionJob


class RoundRobinJobs:
    """Jobs wait in arrival order per owner (keyless jobs count as one owner); `popleft`
    serves the owner whose turn is oldest. Taking a job moves its owner to the back; an
    owner that arrives with nothing queued gets the turn just before the owner served
    last, so its first job runs no later than when one running job of any other owner
    ends, however many that owner has queued. An owner that comes back goes no further
    forward than where its last turn left it: queueing one job at a time gains nothing.

    Iteration yields jobs in the order `popleft` would serve them if nothing else arrived,
    and `remove` takes out any one of them (a batch picking clips that fit)."""

    def __init__(self) -> None:
        self._waiting: dict[str | None, deque[TranscriptionJob]] = {}
        self._turn: dict[str | None, tuple[float, int]] = {}
        self._last_turn: dict[str | None, float] = {}  # kept after an owner leaves
        self._served = 0.0
        self._arrivals = count()

    def append(self, job: TranscriptionJob) -> None:
        if job.owner not in self._waiting:
            self._waiting[job.owner] = deque()
            turn = max(self._served - 0.5, self._last_turn.get(job.owner, -1.0))
            self._turn[job.owner] = (turn, next(self._arrivals))
        self._waiting[job.owner].append(job)

    def popleft(self) -> TranscriptionJob:
        if not self._waiting:
            raise IndexError("pop from an empty queue")
        owner = min(self._turn, key=self._turn.__getitem__)
        job = self._waiting[owner].popleft()
        self._served += 1
        self._turn[owner] = (self._served, next(self._arrivals))
        self._last_turn[owner] = self._served
        self._forget_if_empty(owner)
        return job

    def remove(self, job: TranscriptionJob) -> None:
        self._waiting[job.owner].remove(job)
        self._forget_if_empty(job.owner)

    def _forget_if_empty(self, owner: str | None) -> None:
        if not self._waiting[owner]:
            del self._waiting[owner], self._turn[owner]

    def __len__(self) -> int:
        return sum(len(jobs) for jobs in self._waiting.values())

    def __iter__(self) -> Iterator[TranscriptionJob]:
        queues = [iter(self._waiting[o]) for o in sorted(self._turn, key=self._turn.__getitem__)]
        while queues:
            for queue in list(queues):
                job = next(queue, None)
                if job is None:
                    queues.remove(queue)
                else:
                    yield job

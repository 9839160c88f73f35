"""The in-process JobDispatchers against JobDispatcherContract: RecordingJobDispatcher,
WatchedJobDispatcher (around a recording one), RedisJobQueue on fakeredis and LocalJobRunner
on its threads. TranscribeJobDispatcher runs it on moto in tests/unit/aws."""

from __future__ import annotations

import threading

import fakeredis
import pytest

from adapters.memory import MemoryInFlightJobs, RecordingJobDispatcher
from adapters.redis import RedisJobQueue
from application.watched_dispatch import WatchedJobDispatcher
from entrypoints.local_runner import LocalJobRunner
from tests.contracts.job_dispatcher import JobDispatcherContract
from tests.support.clocks import FakeClock


class TestRecordingJobDispatcher(JobDispatcherContract):
    @pytest.fixture
    def dispatcher(self) -> RecordingJobDispatcher:
        return RecordingJobDispatcher()

    @pytest.fixture
    def received(self, dispatcher):
        return lambda: [job.id.value for job in dispatcher.dispatched]

    @pytest.fixture
    def cut_off(self, dispatcher):
        return lambda: setattr(dispatcher, "unavailable", True)


class TestWatchedJobDispatcher(JobDispatcherContract):
    @pytest.fixture
    def inner(self) -> RecordingJobDispatcher:
        return RecordingJobDispatcher()

    @pytest.fixture
    def dispatcher(self, inner) -> WatchedJobDispatcher:
        return WatchedJobDispatcher(inner, MemoryInFlightJobs(), FakeClock().utc)

    @pytest.fixture
    def received(self, inner):
        return lambda: [job.id.value for job in inner.dispatched]

    @pytest.fixture
    def cut_off(self, inner):
        return lambda: setattr(inner, "unavailable", True)


class TestRedisJobQueueOnFakeRedis(JobDispatcherContract):
    @pytest.fixture
    def server(self) -> fakeredis.FakeServer:
        return fakeredis.FakeServer()

    @pytest.fixture
    def dispatcher(self, server) -> RedisJobQueue:
        queue = RedisJobQueue(fakeredis.FakeRedis(server=server))
        queue.ensure_group()
        return queue

    @pytest.fixture
    def received(self, server):
        worker, seen = RedisJobQueue(fakeredis.FakeRedis(server=server)), []

        def read() -> list[str]:
            while message := worker.claim("worker-1", wait_seconds=None):
                seen.append(message.job_id)
            return seen

        return read

    @pytest.fixture
    def cut_off(self, server):
        return lambda: setattr(server, "connected", False)


class _Recorded:
    """What LocalJobRunner calls to run (or fail) a job: it only notes the job's id."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._lock = threading.Lock()

    def execute(self, command) -> None:
        with self._lock:
            self.ids.append(command.job_id)


class TestLocalJobRunner(JobDispatcherContract):
    @pytest.fixture
    def ran(self) -> _Recorded:
        return _Recorded()

    @pytest.fixture
    def dispatcher(self, ran):
        runner = LocalJobRunner(ran, _Recorded(), concurrency=2, drain_seconds=1.0)
        yield runner
        runner.stop()

    @pytest.fixture
    def received(self, ran):
        return lambda: list(ran.ids)

    @pytest.fixture
    def cut_off(self, dispatcher):
        return lambda: dispatcher.stop()

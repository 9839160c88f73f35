import threading
import time

from application.use_cases import RunTranscriptionBatch, RunTranscriptionBatchCommand, SubmitAudioCommand
from domain.job import JobStatus
from entrypoints.local_runner import Batching, LocalJobRunner
from tests.support.clocks import FakeClock
from tests.support.polling import all_final, wait_until


def runner_for(world, batch_jobs=8, wait_seconds=0.2, concurrency=1):
    batch = RunTranscriptionBatch(world.jobs, world.storage, world.transcriber, world.complete, world.fail)
    return LocalJobRunner(world.run, world.fail, concurrency, batching=Batching(batch, batch_jobs, wait_seconds))


def submit(world, count, seconds=2.0, language=None):
    world.probe.duration_seconds = seconds
    return [world.submit.execute(SubmitAudioCommand(world.upload(), language=language)) for _ in range(count)]


def finish(runner, world, jobs, timeout=5.0):
    all_final(lambda: [world.jobs.get(job.id).status for job in jobs], timeout)
    runner.stop()
    return [world.jobs.get(job.id).status for job in jobs]


def busy(runner, world):
    """Dispatch a first job and hold it running until the returned event is set."""
    release, running = threading.Event(), threading.Event()

    def hold_the_first_call():
        if not running.is_set():
            running.set()
            release.wait(5)

    world.transcriber.on_call = hold_the_first_call
    first = submit(world, 1)
    runner.dispatch(first[0])
    assert running.wait(5)
    return first, release


def test_short_clips_that_arrive_while_the_runner_is_busy_are_decoded_in_one_batch(world):
    runner = runner_for(world, wait_seconds=0.0)
    first, release = busy(runner, world)
    jobs = submit(world, 5)
    for job in jobs:
        runner.dispatch(job)
    release.set()
    assert finish(runner, world, first + jobs) == [JobStatus.COMPLETED] * 6
    assert world.transcriber.batches == [5]
    assert all(world.jobs.transcript(job.id).text == "hello from the test" for job in jobs)


def test_a_lone_clip_on_an_idle_runner_starts_at_once_without_waiting_for_company(world):
    runner = runner_for(world, wait_seconds=30.0)
    jobs = submit(world, 1)
    runner.dispatch(jobs[0])
    assert finish(runner, world, jobs, timeout=10.0) == [JobStatus.COMPLETED]  # not after 30 s
    assert world.transcriber.batches == []


def test_a_batch_holds_at_most_batch_jobs(world):
    runner = runner_for(world, batch_jobs=2, wait_seconds=0.0)
    first, release = busy(runner, world)
    jobs = submit(world, 5)
    for job in jobs:
        runner.dispatch(job)
    release.set()
    finish(runner, world, first + jobs)
    assert world.transcriber.batches == [2, 2]  # and the fifth alone


def test_long_audio_runs_alone(world):
    runner = runner_for(world)
    jobs = submit(world, 2, seconds=300.0)
    for job in jobs:
        runner.dispatch(job)
    assert finish(runner, world, jobs) == [JobStatus.COMPLETED] * 2
    assert world.transcriber.batches == []


def test_clips_in_different_languages_share_a_batch_but_not_clips_for_different_models(world):
    runner = runner_for(world, wait_seconds=0.0)
    first, release = busy(runner, world)
    jobs = submit(world, 2, language="en") + submit(world, 1, language="fr")
    jobs += [world.submit.execute(SubmitAudioCommand(world.upload(), model="base")) for _ in range(2)]
    for job in jobs:
        runner.dispatch(job)
    release.set()
    finish(runner, world, first + jobs)
    assert world.transcriber.batches == [3, 2]


def test_while_other_jobs_run_a_worker_waits_for_company(world):
    # A wait long enough that a loaded machine still dispatches the other two inside it; the
    # batch is full with them, so the waiting worker starts then, not when the wait runs out.
    runner = runner_for(world, batch_jobs=3, wait_seconds=4.0, concurrency=2)
    first, release = busy(runner, world)
    jobs = submit(world, 1)
    runner.dispatch(jobs[0])  # the second worker takes it and, the first being busy, waits
    time.sleep(0.1)
    more = submit(world, 2)
    for job in more:
        runner.dispatch(job)
    # Release the first job only once the waiting worker has taken both: else the freed worker
    # may take one of them first.
    wait_until(lambda: not runner._queued, 10, every=0.01)
    release.set()
    finish(runner, world, first + jobs + more, timeout=30.0)
    assert world.transcriber.batches == [3]


def test_one_failing_item_fails_only_its_own_job(world):
    batch = RunTranscriptionBatch(world.jobs, world.storage, world.transcriber, world.complete, world.fail)
    jobs = submit(world, 3)
    world.storage.delete(jobs[1].audio)
    batch.execute(RunTranscriptionBatchCommand(tuple([job.id.value for job in jobs])))
    statuses = [world.jobs.get(job.id) for job in jobs]
    assert [job.status for job in statuses] == [JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.COMPLETED]
    assert "no longer stored" in statuses[1].error


def test_a_finished_job_in_a_batch_is_skipped(world):
    batch = RunTranscriptionBatch(world.jobs, world.storage, world.transcriber, world.complete, world.fail)
    jobs = submit(world, 2)
    batch.execute(RunTranscriptionBatchCommand(tuple([jobs[0].id.value])))
    batch.execute(RunTranscriptionBatchCommand(tuple([job.id.value for job in jobs])))
    assert world.transcriber.batches == [1, 1]


def test_concurrency_auto_never_runs_more_threads_than_cores():
    from dataclasses import fields

    from entrypoints.settings import AUTO, Settings, parse_value

    concurrency = next(f for f in fields(Settings) if f.name == "concurrency")
    assert parse_value(concurrency, "auto") == AUTO
    for cores in (1, 2, 3, 8, 16, 64):
        for threads in (0, 1, 2, 3):
            jobs, per_job = Settings(concurrency=AUTO, whisper_threads=threads).jobs_and_threads(cores)
            assert jobs >= 1 and per_job >= 1
            assert jobs * per_job <= max(cores, per_job)
    assert Settings(concurrency=AUTO).jobs_and_threads(2) == (1, 2)
    assert Settings(concurrency=AUTO).jobs_and_threads(16) == (4, 4)


class CancelledAfterRead:
    """The job repository, where the chosen jobs are cancelled by someone else just after
    the runner reads them: the runner holds a copy still QUEUED."""

    def __init__(self, jobs, cancel, at):
        self._jobs, self._cancel, self._at = jobs, set(cancel), at

    def get(self, job_id):
        read = self._jobs.get(job_id)
        if job_id.value in self._cancel:
            self._cancel.discard(job_id.value)
            stored = self._jobs.get(job_id)
            stored.cancel(self._at())
            self._jobs.save(stored)
        return read

    def __getattr__(self, name):
        return getattr(self._jobs, name)


def test_a_job_cancelled_as_its_batch_starts_stays_cancelled_and_the_others_run(world):
    jobs = submit(world, 3)
    racing = CancelledAfterRead(world.jobs, [jobs[1].id.value], FakeClock(step=1.0).utc)
    batch = RunTranscriptionBatch(racing, world.storage, world.transcriber, world.complete, world.fail)

    batch.execute(RunTranscriptionBatchCommand(tuple([job.id.value for job in jobs])))

    statuses = [world.jobs.get(job.id).status for job in jobs]
    assert statuses == [JobStatus.COMPLETED, JobStatus.CANCELLED, JobStatus.COMPLETED]
    assert world.transcriber.batches == [2]

"""Jobs are counted from the events of the job-event bus, as `/metrics` shows them."""

from datetime import UTC, datetime, timedelta

from adapters.memory import MemoryJobRepository, MemorySessionStore, RecordingNotifier
from adapters.prometheus import PrometheusMetrics
from application.job_endings import job_event_bus
from application.use_cases import CompleteJob, CompleteJobCommand, FailJob, FailJobCommand, NotifySession
from domain.job import TranscriptionJob
from domain.transcript import Transcript
from domain.values import AudioReference, MediaFormat

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def value(metrics: PrometheusMetrics, name: str, **labels) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def a_job() -> TranscriptionJob:
    return TranscriptionJob.submit(
        audio=AudioReference("a" * 32, 1), media_format=MediaFormat.WAV, now=T0, audio_seconds=10.0
    )


def counted(metrics: PrometheusMetrics, clock=lambda: T0 + timedelta(seconds=2)):
    sessions = MemorySessionStore(60)
    events = job_event_bus(NotifySession(sessions, RecordingNotifier(sessions)), metrics=metrics)
    jobs = MemoryJobRepository()
    return jobs, events, CompleteJob(jobs, events, clock), FailJob(jobs, events, clock)


def added(jobs: MemoryJobRepository, events, job: TranscriptionJob) -> TranscriptionJob:
    jobs.add(job)
    events.handle(job, job.pull_events())
    return job


def test_jobs_are_counted_when_added_and_once_when_they_end():
    metrics = PrometheusMetrics()
    jobs, events, complete, _ = counted(metrics)
    job = added(jobs, events, a_job())
    job.start(T0)
    jobs.save(job)
    complete.execute(CompleteJobCommand(job.id.value, Transcript("hi", "en", 10.0)))
    complete.execute(CompleteJobCommand(job.id.value, Transcript("hi", "en", 10.0)))  # not a second ending
    assert value(metrics, "voxrelay_jobs_submitted_total") == 1
    assert value(metrics, "voxrelay_jobs_finished_total", status="COMPLETED") == 1
    assert value(metrics, "voxrelay_transcription_seconds_sum") == 2.0
    assert value(metrics, "voxrelay_real_time_factor_sum") == 0.2


def test_a_failed_job_is_counted_as_failed():
    metrics = PrometheusMetrics()
    jobs, events, _, fail = counted(metrics)
    job = added(jobs, events, a_job())
    fail.execute(FailJobCommand(job.id.value, "engine crashed"))
    assert value(metrics, "voxrelay_jobs_finished_total", status="FAILED") == 1
    assert value(metrics, "voxrelay_jobs_finished_total", status="COMPLETED") == 0


def test_gauges_read_their_value_when_scraped():
    metrics = PrometheusMetrics()
    depth = [3]
    metrics.gauge("voxrelay_queue_depth", "jobs", lambda: depth[0])
    assert b"voxrelay_queue_depth 3.0" in metrics.exposition()
    depth[0] = 5
    assert b"voxrelay_queue_depth 5.0" in metrics.exposition()

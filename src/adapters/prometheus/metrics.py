"""PrometheusMetrics: counters and histograms in a registry of its own (one per app)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from domain.job import TranscriptionJob

_SECONDS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600)
_RATIO = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5)
_LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30)


class PrometheusMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.submitted = Counter("voxrelay_jobs_submitted", "Jobs accepted", registry=self.registry)
        self.finished = Counter(
            "voxrelay_jobs_finished", "Jobs that ended, by status", ["status"], registry=self.registry
        )
        self.transcription_seconds = Histogram(
            "voxrelay_transcription_seconds",
            "Wall time from start to end of a job's transcription",
            buckets=_SECONDS,
            registry=self.registry,
        )
        self.real_time_factor = Histogram(
            "voxrelay_real_time_factor",
            "Transcription wall time over audio duration",
            buckets=_RATIO,
            registry=self.registry,
        )
        self.push_latency = Histogram(
            "voxrelay_push_latency_seconds",
            "From a job's end to its result written to a socket",
            buckets=_LATENCY,
            registry=self.registry,
        )

    def job_submitted(self) -> None:
        self.submitted.inc()

    def job_finished(self, job: TranscriptionJob) -> None:
        self.finished.labels(job.status.value).inc()
        if job.started_at is None or job.finished_at is None:
            return
        seconds = (job.finished_at - job.started_at).total_seconds()
        self.transcription_seconds.observe(seconds)
        if job.audio_seconds:
            self.real_time_factor.observe(seconds / job.audio_seconds)

    def result_delivered(self, latency_seconds: float) -> None:
        self.push_latency.observe(max(latency_seconds, 0.0))

    def gauge(self, name: str, documentation: str, read: Callable[[], float]) -> None:
        """A value read when scraped (open sockets, queue depth)."""
        Gauge(name, documentation, registry=self.registry).set_function(read)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

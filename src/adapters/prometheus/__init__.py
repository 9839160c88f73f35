"""Prometheus metrics: a `Metrics` adapter and a job repository that feeds it."""

from adapters.prometheus.metered_jobs import MeteredJobRepository
from adapters.prometheus.metrics import PrometheusMetrics

__all__ = ["MeteredJobRepository", "PrometheusMetrics"]

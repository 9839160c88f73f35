"""Prometheus metrics: the `Metrics` adapter (the job-event bus feeds it)."""

from adapters.prometheus.metrics import PrometheusMetrics

__all__ = ["PrometheusMetrics"]

"""Routes for operators: /readyz and /metrics."""

from __future__ import annotations

from collections.abc import Callable

import anyio.to_thread
from litestar import Response, get

from adapters.prometheus import PrometheusMetrics
from entrypoints.http.dependencies import Injected

ReadinessChecks = dict[str, Callable[[], None]]


def _run(checks: ReadinessChecks) -> dict[str, str]:
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # a readiness probe reports, it does not raise
            results[name] = f"failing: {type(error).__name__}"
    return results


@get("/readyz", summary="Readiness: storage, state store and model", include_in_schema=True)
async def readyz(readiness_checks: Injected[ReadinessChecks]) -> Response[dict[str, object]]:
    results = await anyio.to_thread.run_sync(_run, readiness_checks)
    ready = all(value == "ok" for value in results.values())
    return Response(
        {"status": "ready" if ready else "not_ready", "checks": results}, status_code=200 if ready else 503
    )


@get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics_endpoint(metrics: Injected[PrometheusMetrics]) -> Response[bytes]:
    body = await anyio.to_thread.run_sync(metrics.exposition)
    return Response(body, media_type=metrics.content_type)

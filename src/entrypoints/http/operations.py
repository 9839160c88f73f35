"""Routes for operators: /readyz and /metrics."""

from __future__ import annotations

from collections.abc import Callable

import anyio
import anyio.to_thread
from litestar import Response, get

from adapters.prometheus import PrometheusMetrics
from entrypoints.http.dependencies import Injected

ReadinessChecks = dict[str, Callable[[], None]]
# Pools of this process, each true while saturated: every place taken and callers waiting.
LoadChecks = dict[str, Callable[[], bool]]
# The checks above run on a request thread; when none comes free this soon, that pool is full.
THREAD_WAIT_SECONDS = 2.0


def request_threads_saturated() -> bool:
    stats = anyio.to_thread.current_default_thread_limiter().statistics()
    return stats.borrowed_tokens >= stats.total_tokens and stats.tasks_waiting > 0


def _run(checks: ReadinessChecks) -> dict[str, str]:
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # a readiness probe reports, it does not raise
            results[name] = f"failing: {type(error).__name__}"
    return results


@get("/readyz", summary="Readiness: storage, state store, model and the pools of threads", include_in_schema=True)
async def readyz(
    readiness_checks: Injected[ReadinessChecks], load_checks: Injected[LoadChecks]
) -> Response[dict[str, object]]:
    results = {name: "saturated" if busy() else "ok" for name, busy in load_checks.items()}
    answered: dict[str, str] | None = None
    with anyio.move_on_after(THREAD_WAIT_SECONDS):
        answered = await anyio.to_thread.run_sync(_run, readiness_checks, abandon_on_cancel=True)
    results.update(answered if answered is not None else {"request_threads": "saturated"})
    ready = all(value == "ok" for value in results.values())
    return Response({"status": "ready" if ready else "not_ready", "checks": results}, status_code=200 if ready else 503)


@get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics_endpoint(metrics: Injected[PrometheusMetrics]) -> Response[bytes]:
    body = await anyio.to_thread.run_sync(metrics.exposition)
    return Response(body, media_type=metrics.content_type)

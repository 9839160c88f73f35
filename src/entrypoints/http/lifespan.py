"""The app's lifespan: start the profile's background resources (the same table the worker
uses), drain the job runners from the shutdown signal on, and stop everything at the end."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread
from litestar import Litestar

from entrypoints.composition import background
from entrypoints.composition.profile import Background
from entrypoints.container import Container

log = logging.getLogger("entrypoints.http.app")  # the name its lines have always carried


def lifespan_of(
    container: Container, *, warm_up: bool = True
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """`warm_up=False`: a test's app, whose engine is scripted, loads no model."""
    profile = container.profile()
    resources = [r for r in profile.background if warm_up or r is not Background.MODEL_WARM_UP]

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await background.start_on_loop(container, resources)
        log.info("voxrelay ready")
        try:
            async with anyio.create_task_group() as drain:
                drain.start_soon(_drain_jobs_once_stopping, container)
                try:
                    yield
                finally:  # stopped without a signal (a test's client): drain all the same
                    container.shutdown_signal().begin()
        finally:
            await container.session_keeping().close()  # its task belongs to this loop
            await background.stop_on_loop(container)

    return lifespan


async def _drain_jobs_once_stopping(container: Container) -> None:
    # From the signal on, the job runners take no job and drain while the requests do, not
    # after them: both end within the one drain time. At most one runner is running.
    loop, stopped = asyncio.get_running_loop(), asyncio.Event()
    container.shutdown_signal().when_stopping(lambda: loop.call_soon_threadsafe(stopped.set))
    await stopped.wait()
    for runner in (container.local_job_runner, container.queue_worker):
        if not runner.initialized:  # the one this profile started, if any
            continue
        try:  # a limiter of its own: request threads may hold every default token
            await anyio.to_thread.run_sync(runner.shutdown, limiter=anyio.CapacityLimiter(1))
        except Exception:
            log.exception("a job runner failed to stop")

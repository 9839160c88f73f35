"""Starting the profile's background resources: the same table for the lifespan of
`voxrelay serve` and for `voxrelay worker`, in the order the profile lists them."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from entrypoints.composition.profile import Background

if TYPE_CHECKING:
    from entrypoints.container import Container


def _aws_clients(container: Container) -> None:
    container.storage.made_at_start()
    container.speech.made_at_start()


async def _push_relay(container: Container) -> None:
    await container.push_relay()


STARTERS: dict[Background, Callable[[Container], Any]] = {
    Background.AWS_CLIENTS: _aws_clients,
    Background.JOB_DISPATCHER: lambda container: container.job_dispatcher(),
    Background.MODEL_WARM_UP: lambda container: container.transcriber().warm_up(),
    Background.QUEUE_WORKER: lambda container: container.queue_worker(),
    Background.PUSH_RELAY: _push_relay,
    Background.SILENT_JOB_POLLER: lambda container: container.silent_job_poller(),
    Background.JOB_PURGER: lambda container: container.job_purger(),
}


def start(container: Container, resources: Iterable[Background]) -> None:
    """In this thread (the worker): each resource started before the next."""
    for resource in resources:
        starter = STARTERS[resource]
        if inspect.iscoroutinefunction(starter):
            raise ValueError(f"{resource.value} starts only on an event loop")
        starter(container)


async def start_on_loop(container: Container, resources: Iterable[Background]) -> None:
    """On the event loop (the lifespan): blocking starts run off it, one after another."""
    for resource in resources:
        starter = STARTERS[resource]
        if inspect.iscoroutinefunction(starter):
            await starter(container)
        else:
            await anyio.to_thread.run_sync(starter, container)


async def stop_on_loop(container: Container) -> None:
    """The loop's own resources first (the relay, then its connection), then the rest off it."""
    for resource in (container.push_relay, container.redis_async_client):
        if resource.initialized:
            stopped = resource.shutdown()
            if isinstance(stopped, Awaitable):
                await stopped
    await anyio.to_thread.run_sync(container.shutdown_resources)

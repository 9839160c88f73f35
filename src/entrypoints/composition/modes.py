"""The one place a profile becomes adapters: which adapter set holds state, keeps audio and
does the speech, who runs a submitted job, where live streams decode.

Each adapter set is a container with the same provider names as its alternatives, plugged
into the root's `state`, `storage` and `speech`; the rest of the root refers to those names
only. Swapping a whole set (a test's fake, say) is one `override`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers

from entrypoints.composition.aws import AwsTranscribeSpeech
from entrypoints.composition.profile import Dispatch, ModeProfile
from entrypoints.composition.speech import WhisperSpeech
from entrypoints.composition.state import MemoryState, RedisState
from entrypoints.composition.storage import LocalStorage, MemoryStorage, S3Storage

if TYPE_CHECKING:
    from entrypoints.container import Container

STATE: dict[str, type[containers.DeclarativeContainer]] = {"memory": MemoryState, "redis": RedisState}
STORAGE: dict[str, type[containers.DeclarativeContainer]] = {
    "local": LocalStorage,
    "memory": MemoryStorage,
    "s3": S3Storage,
}
SPEECH: dict[str, type[containers.DeclarativeContainer]] = {"whisper": WhisperSpeech, "aws": AwsTranscribeSpeech}


def plug(container: Container, profile: ModeProfile) -> None:
    """Fill the root's adapter slots as the profile says."""
    shared: dict[str, Any] = {
        "config": container.config,
        "notifier": container.notifier,
        "redis_client": container.redis_client,
        "redis_async_client": container.redis_async_client,
        "s3_client": container.s3_client,
        "transcribe_client": container.transcribe_client,
        "certificate_source": container.certificate_source,
    }
    container.profile.override(providers.Object(profile))
    container.state.override(_made(STATE[profile.state], shared))
    container.storage.override(_made(STORAGE[profile.storage], shared))
    container.speech.override(_made(SPEECH[profile.speech], shared))
    dispatcher, depth = _dispatch(container, profile.dispatch)
    container.job_dispatcher.override(dispatcher)
    watched = profile.dispatch is Dispatch.TRANSCRIBE  # only Amazon Transcribe's jobs are watched in flight
    container.watched_in_flight.override(container.state.in_flight_jobs if watched else providers.Object(None))
    container.queue_depth.override(providers.Object(depth))
    container.live_service.override(container.live.here if profile.live_here else container.live.elsewhere)


def _made(kind: type[containers.DeclarativeContainer], shared: dict[str, Any]) -> containers.Container:
    """The adapter set, given the parts of the root it declares it needs."""
    return kind(**{name: provider for name, provider in shared.items() if name in kind.providers})


def _dispatch(container: Container, dispatch: Dispatch) -> tuple[providers.Provider, Callable[[], float]]:
    """Who runs a submitted job, and how many jobs wait or run (the queue depth gauge)."""
    if dispatch is Dispatch.LOCAL_RUNNER:
        return container.local_job_runner, lambda: float(container.job_dispatcher().backlog)
    if dispatch is Dispatch.QUEUE:
        return container.state.job_queue, lambda: float(container.state.job_queue().depth())
    return container.watched_dispatcher, lambda: float(container.state.in_flight_jobs().count())

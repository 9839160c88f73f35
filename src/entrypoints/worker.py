"""`voxrelay worker`: consume the Redis job queue with K threads until told to stop."""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import replace

from entrypoints.composition import background
from entrypoints.composition.profile import ModeProfile
from entrypoints.container import build_container
from entrypoints.settings import Settings

log = logging.getLogger(__name__)


def run_worker(settings: Settings) -> int:
    """SIGTERM or SIGINT: take no new job, let running ones finish within the drain time
    (QueueWorker.stop), leave the rest unacked for another worker to reclaim, and exit."""
    profile = ModeProfile.of(settings, worker=True)
    if profile.state != settings.state:
        log.info("a worker always uses Redis state; ignoring state=%s", settings.state)
        settings = replace(settings, state=profile.state)
    container = build_container(settings, profile)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    background.start(container, profile.background)  # the model once per process, then the consumers
    consumers, threads = settings.jobs_and_threads()  # what `auto` (0) resolves to
    log.info(
        "worker ready: %d consumer(s) of %d thread(s) on %s (model=%s)",
        consumers,
        threads,
        settings.redis_url.rsplit("@", 1)[-1],
        settings.whisper_model,
    )
    while not stop.wait(0.5):
        pass
    log.info("stopping: finishing running jobs")
    container.shutdown_resources()
    return 0

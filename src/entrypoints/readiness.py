"""What /readyz checks and /metrics gauges read, chosen by the configured adapters."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from entrypoints.container import Container

Check = Callable[[], None]


def readiness_checks(container: Container) -> dict[str, Check]:
    """Each check raises (anything) when its dependency is not ready."""
    config = container.config
    checks: dict[str, Check] = {}
    if config.storage() == "local":
        audio = Path(config.data_dir()) / "audio"

        def local_disk() -> None:
            if not os.access(audio, os.W_OK):
                raise OSError(f"{audio} is not writable")

        checks["storage"] = local_disk
    elif config.storage() == "s3":
        checks["storage"] = lambda: container.s3_client().head_bucket(Bucket=config.s3_input_bucket())
    if config.state() == "redis":
        checks["state"] = lambda: container.redis_client().ping()
    if config.transcriber() == "whisper" and (config.state() != "redis" or config.worker()):

        def model() -> None:
            if not container.transcriber().loaded:
                raise RuntimeError("the speech model is not loaded yet")

        checks["model"] = model
    return checks


def queue_depth(container: Container) -> Callable[[], float]:
    config = container.config
    if config.transcriber() == "aws":
        return lambda: float(container.in_flight_jobs().count())
    if config.state() == "redis":
        return lambda: float(container.job_queue().depth())
    return lambda: float(container.job_dispatcher().backlog)

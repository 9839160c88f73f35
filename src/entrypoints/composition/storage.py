"""Where uploaded audio is kept: local disk, memory or S3, each a container with the same
provider names. `composition.modes` plugs the one the profile names into the root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dependency_injector import containers, providers

from adapters.aws import S3AudioStorage
from adapters.local import LocalDiskAudioStorage
from adapters.memory import MemoryAudioStorage
from entrypoints.composition.checks import calling, writable


class LocalStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    audio_storage = providers.Singleton(LocalDiskAudioStorage, root=config.data_dir.as_(Path))
    readiness = providers.Dict(storage=providers.Callable(writable, config.data_dir))
    made_at_start = providers.List()


class MemoryStorage(containers.DeclarativeContainer):
    audio_storage = providers.Singleton(MemoryAudioStorage)
    readiness = providers.Dict()
    made_at_start = providers.List()


class S3Storage(containers.DeclarativeContainer):
    config = providers.Configuration()
    s3_client: providers.Dependency[Any] = providers.Dependency()
    audio_storage = providers.Singleton(
        S3AudioStorage, client=s3_client, bucket=config.s3_input_bucket, prefix=config.s3_input_prefix
    )
    readiness = providers.Dict(
        storage=providers.Callable(calling, s3_client.provider, "head_bucket", Bucket=config.s3_input_bucket)
    )
    # Made at start-up off the event loop: made by the first request, it would stall the loop
    # while boto3 loads it.
    made_at_start = providers.List(s3_client)

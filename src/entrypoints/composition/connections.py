"""The connections the adapters share: Redis (sync and async), the boto3 clients, the HTTPS
certificate source. Each opens on first use (never at import) and closes at shutdown."""

from __future__ import annotations

from dependency_injector import containers, providers

from entrypoints import aws_resources, redis_clients


class Connections(containers.DeclarativeContainer):
    config = providers.Configuration()

    redis_client = providers.Resource(redis_clients.redis_client, url=config.redis_url)
    redis_async_client = providers.Resource(redis_clients.async_redis_client, url=config.redis_url)
    aws_client_config = providers.Singleton(
        aws_resources.client_config, timeout_seconds=config.aws_timeout_seconds, max_attempts=config.aws_max_attempts
    )
    s3_client = providers.Resource(aws_resources.boto3_client, "s3", region=config.aws_region, config=aws_client_config)
    transcribe_client = providers.Resource(
        aws_resources.boto3_client, "transcribe", region=config.aws_region, config=aws_client_config
    )
    certificate_source = providers.Resource(aws_resources.https_certificates)  # tests override it

"""AWS mode's providers: boto3 clients, Amazon Transcribe, S3 and the SNS inbox's parts."""

from __future__ import annotations

from dependency_injector import providers

from adapters.aws import (
    AwsTranscribeRemoteEngine,
    MemoryMessageDeduplicator,
    S3TranscriptReader,
    SnsMessageVerifier,
    SnsResultTranslator,
    TranscribeJobDispatcher,
)
from adapters.memory.in_flight_jobs import MemoryInFlightJobs
from adapters.redis import RedisInFlightJobs, RedisMessageDeduplicator
from entrypoints import aws_resources
from entrypoints.composition.foundation import Foundation

config = Foundation.config
_NONE = providers.Object(None)


class AwsProviders(Foundation):
    # boto3 clients are made when first asked for (never at import) and closed at shutdown.
    aws_client_config = providers.Singleton(
        aws_resources.client_config,
        timeout_seconds=config.aws_timeout_seconds,
        max_attempts=config.aws_max_attempts,
    )
    s3_client = providers.Resource(aws_resources.boto3_client, "s3", region=config.aws_region, config=aws_client_config)
    transcribe_client = providers.Resource(
        aws_resources.boto3_client, "transcribe", region=config.aws_region, config=aws_client_config
    )
    # The clients this configuration uses, for the lifespan to make at start-up off the event
    # loop: made by the first request instead, each would stall the loop while boto3 loads it.
    aws_clients_in_use = providers.List(
        providers.Selector(config.storage, s3=s3_client, local=_NONE, memory=_NONE),
        providers.Selector(config.transcriber, aws=transcribe_client, whisper=_NONE),
    )
    aws_transcriber = providers.Singleton(
        TranscribeJobDispatcher,
        client=transcribe_client,
        input_bucket=config.s3_input_bucket,
        output_bucket=config.s3_output_bucket,
        output_prefix=config.s3_output_prefix,
        language_options=config.aws_language_options,
        max_speakers=config.aws_max_speakers,
    )
    remote_engine = providers.Singleton(
        AwsTranscribeRemoteEngine,
        transcriber=aws_transcriber,
        reader=providers.Singleton(S3TranscriptReader, client=s3_client, bucket=config.s3_output_bucket),
        output_prefix=config.s3_output_prefix,
    )
    # Shared by the replicas in redis state, so any of them may take SNS's delivery.
    in_flight_jobs = providers.Selector(
        config.state,
        memory=providers.Singleton(MemoryInFlightJobs),
        redis=providers.Singleton(RedisInFlightJobs, client=Foundation.redis_client),
    )
    sns_deduplicator = providers.Selector(
        config.state,
        memory=providers.Singleton(MemoryMessageDeduplicator),
        redis=providers.Singleton(RedisMessageDeduplicator, client=Foundation.redis_client),
    )
    certificate_source = providers.Resource(aws_resources.https_certificates)  # tests override it
    sns_verifier = providers.Singleton(
        SnsMessageVerifier,
        certificates=certificate_source,
        topic_arns=config.sns_topic_arns,
        cert_host_pattern=config.sns_cert_host_pattern,
        cert_subject=config.sns_cert_subject,
        max_message_age_seconds=config.sns_max_message_age_seconds,
    )
    subscription_confirmer = providers.Resource(
        aws_resources.subscription_confirmer, host_pattern=config.sns_cert_host_pattern
    )
    sns_translator = providers.Singleton(
        SnsResultTranslator, output_bucket=config.s3_output_bucket, output_prefix=config.s3_output_prefix
    )

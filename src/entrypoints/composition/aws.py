"""Amazon Transcribe does the speech: it starts jobs, reports through SNS, names its own
models. A container with the same provider names as `composition.speech.WhisperSpeech` (it
has no `engine`: no job is transcribed in this process), plus the SNS inbox's parts."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.aws import (
    AwsTranscribeRemoteEngine,
    S3TranscriptReader,
    SnsMessageVerifier,
    SnsResultTranslator,
    TranscribeJobDispatcher,
)
from adapters.aws.transcribe_diarizer import TranscribeDiarizer
from application.ports.model_catalog import ENGINE_CHOSEN_MODELS
from entrypoints import aws_resources


class AwsTranscribeSpeech(containers.DeclarativeContainer):
    config = providers.Configuration()
    s3_client: providers.Dependency[Any] = providers.Dependency()
    transcribe_client: providers.Dependency[Any] = providers.Dependency()
    certificate_source: providers.Dependency[Any] = providers.Dependency()  # where SNS's signing certificates come from

    diarizer = providers.Singleton(TranscribeDiarizer, max_speakers=config.aws_max_speakers)
    # Amazon Transcribe names its own models and languages
    model_catalog = providers.Object(ENGINE_CHOSEN_MODELS)
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
    # Made at start-up off the event loop, not by a first request on it.
    made_at_start = providers.List(transcribe_client)

"""S3, Amazon Transcribe and the SNS messages that say a Transcribe job ended."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adapters.aws.sns_verifier import DEFAULT_CERT_HOST_PATTERN, DEFAULT_CERT_SUBJECT, DEFAULT_MAX_MESSAGE_AGE_SECONDS
from entrypoints.settings_fields.option import opt


@dataclass(frozen=True)
class AwsSettings:
    aws_region: str = opt("", "AWS region for boto3; empty uses boto3's own (AWS_DEFAULT_REGION, its config file)")
    aws_timeout_seconds: float = opt(10.0, "connect and read timeout of each call to S3 and Transcribe")
    aws_max_attempts: int = opt(3, "tries of a call to S3 or Transcribe that failed for a retryable reason")
    aws_language_options: str = opt(
        "",
        "comma-separated language codes (two or more, such as en-US,es-US) Amazon Transcribe identifies a job's language among when the job names none; empty: any",
    )
    aws_max_speakers: int = opt(
        0, "label the speakers of Amazon Transcribe jobs, at most this many (2 to 30); 0 labels none"
    )
    s3_input_bucket: str = opt("", "bucket uploads go to when storage is s3; Amazon Transcribe reads them there")
    s3_input_prefix: str = opt("audio/", "key prefix of uploads in the input bucket")
    s3_output_bucket: str = opt("", "bucket Amazon Transcribe writes transcripts to (transcriber aws)")
    s3_output_prefix: str = opt("", "key prefix of transcripts in the output bucket")
    sns_topic_arns: str = opt("", "comma-separated SNS topic ARNs whose messages POST /notify accepts")
    sns_cert_host_pattern: str = opt(
        DEFAULT_CERT_HOST_PATTERN, "regex the host of SNS signing certificate and SubscribeURL URLs must match"
    )
    sns_cert_subject: str = opt(
        DEFAULT_CERT_SUBJECT, "name an SNS signing certificate must carry in its CN or a SAN (an emulator's may differ)"
    )
    sns_max_message_age_seconds: float = opt(
        DEFAULT_MAX_MESSAGE_AGE_SECONDS,
        "oldest SNS Timestamp /notify accepts: SNS's longest HTTP retry window (1 h) plus clock skew",
    )
    transcribe_poll_after_seconds: float = opt(
        900.0, "ask Amazon Transcribe about a job it has been silent on for this long"
    )


# When one of these settings is broken, and what is said ({p}: the prefix), checked in this order.
AWS_BOUNDS: tuple[tuple[Callable[[AwsSettings], bool], str], ...] = (
    (lambda s: s.sns_max_message_age_seconds <= 0, "{p}SNS_MAX_MESSAGE_AGE_SECONDS must be positive"),
)

"""Amazon Web Services adapters: S3 storage, Amazon Transcribe, and SNS delivery to /notify."""

from adapters.aws.certificates import (
    CertificateSource,
    CertificateUnavailable,
    HttpsCertificateSource,
    StaticCertificateSource,
)
from adapters.aws.deduplication import MemoryMessageDeduplicator, MessageDeduplicator
from adapters.aws.s3_audio_storage import S3AudioStorage
from adapters.aws.s3_transcript_reader import S3TranscriptReader
from adapters.aws.sns_events import (
    S3ObjectCreated,
    TranscribeJobStateChanged,
    s3_objects_created,
    transcribe_state_change,
)
from adapters.aws.sns_message import SnsMessage, SnsVerificationFailed, parse_sns_body
from adapters.aws.sns_results import SnsResultTranslator
from adapters.aws.sns_verifier import DEFAULT_CERT_HOST_PATTERN, SnsMessageVerifier
from adapters.aws.subscription_confirmer import SubscribeUrlConfirmer
from adapters.aws.transcribe_dispatcher import TranscribeJobDispatcher, TranscribeJobStatus
from adapters.aws.transcribe_naming import job_id_from_output_key, job_id_from_transcribe_name
from adapters.aws.transcribe_output import parse_transcribe_output
from adapters.aws.transcribe_remote_engine import AwsTranscribeRemoteEngine

__all__ = [
    "DEFAULT_CERT_HOST_PATTERN",
    "AwsTranscribeRemoteEngine",
    "CertificateSource",
    "CertificateUnavailable",
    "HttpsCertificateSource",
    "MemoryMessageDeduplicator",
    "MessageDeduplicator",
    "S3AudioStorage",
    "S3ObjectCreated",
    "S3TranscriptReader",
    "SnsMessage",
    "SnsMessageVerifier",
    "SnsResultTranslator",
    "SnsVerificationFailed",
    "StaticCertificateSource",
    "SubscribeUrlConfirmer",
    "TranscribeJobDispatcher",
    "TranscribeJobStateChanged",
    "TranscribeJobStatus",
    "job_id_from_output_key",
    "job_id_from_transcribe_name",
    "parse_sns_body",
    "parse_transcribe_output",
    "s3_objects_created",
    "transcribe_state_change",
]

"""The checks AWS mode needs at start, so a misconfiguration is a clear error, not a 403 later."""

from __future__ import annotations

import re
from typing import Any

PREFIX = "VOXRELAY_"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}-[A-Z]{2}")  # Amazon Transcribe's: en-US, ast-ES
SPEAKER_LABELS = range(2, 31)  # what StartTranscriptionJob accepts as MaxSpeakerLabels


def topic_arns(raw: str) -> list[str]:
    return [arn.strip() for arn in raw.split(",") if arn.strip()]


def language_options(raw: str) -> list[str]:
    return [code.strip() for code in raw.split(",") if code.strip()]


def _check_transcribe_options(settings: Any) -> None:
    """Amazon would refuse each of these at the first job; here they stop the start instead."""
    codes = language_options(settings.aws_language_options)
    malformed = [code for code in codes if not LANGUAGE_CODE.fullmatch(code)]
    if malformed:
        raise ValueError(f"{PREFIX}AWS_LANGUAGE_OPTIONS takes codes such as en-US, not {', '.join(malformed)}")
    if len(codes) == 1 or len(set(codes)) < len(codes):
        raise ValueError(f"{PREFIX}AWS_LANGUAGE_OPTIONS needs two or more different language codes, or none")
    if settings.aws_max_speakers and settings.aws_max_speakers not in SPEAKER_LABELS:
        raise ValueError(f"{PREFIX}AWS_MAX_SPEAKERS must be from 2 to 30, or 0 for no speaker labels")


def check_aws(settings: Any) -> None:
    """Raise ValueError naming the variable when s3 storage or the aws transcriber lacks
    something it needs."""
    if settings.storage == "s3" and not settings.s3_input_bucket:
        raise ValueError(f"{PREFIX}STORAGE=s3 needs {PREFIX}S3_INPUT_BUCKET")
    try:
        re.compile(settings.sns_cert_host_pattern)
    except re.error as error:
        raise ValueError(f"{PREFIX}SNS_CERT_HOST_PATTERN is not a regular expression: {error}") from None
    if settings.transcribe_poll_after_seconds < 1:
        raise ValueError(f"{PREFIX}TRANSCRIBE_POLL_AFTER_SECONDS must be at least 1")
    _check_transcribe_options(settings)
    if settings.transcriber != "aws":
        return
    if settings.storage != "s3":
        raise ValueError(f"{PREFIX}TRANSCRIBER=aws needs {PREFIX}STORAGE=s3: Amazon Transcribe reads the audio from S3")
    if not settings.s3_output_bucket:
        raise ValueError(f"{PREFIX}TRANSCRIBER=aws needs {PREFIX}S3_OUTPUT_BUCKET")
    arns = topic_arns(settings.sns_topic_arns)
    if not arns:
        raise ValueError(f"{PREFIX}TRANSCRIBER=aws needs {PREFIX}SNS_TOPIC_ARNS: without it every /notify is refused")
    if any(not arn.startswith("arn:") or arn.count(":") < 5 for arn in arns):
        raise ValueError(f"{PREFIX}SNS_TOPIC_ARNS must be ARNs such as arn:aws:sns:REGION:ACCOUNT:NAME")

"""How a voxrelay job maps to Amazon Transcribe's names, and back.

The output key carries the job id as a folder (`<prefix><job id>/<output_file_name>.json`):
output_file_name is the client's choice and not unique, so a key made of it alone would let
two jobs overwrite each other's transcript and could not be mapped back to its job.
"""

from __future__ import annotations

import re

from domain.errors import InvalidValue
from domain.job import TranscriptionJob
from domain.values import JobId

JOB_NAME_PREFIX = "voxrelay-"
_JOB_NAME = re.compile(r"[0-9a-zA-Z._-]{1,200}")

# ISO 639-1 -> the Transcribe locale used when a client names only the language.
DEFAULT_LANGUAGE_CODES: dict[str, str] = {
    "af": "af-ZA", "ar": "ar-SA", "ca": "ca-ES", "cs": "cs-CZ", "da": "da-DK", "de": "de-DE",
    "el": "el-GR", "en": "en-US", "es": "es-US", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR",
    "he": "he-IL", "hi": "hi-IN", "hr": "hr-HR", "hu": "hu-HU", "id": "id-ID", "it": "it-IT",
    "ja": "ja-JP", "ko": "ko-KR", "ms": "ms-MY", "nl": "nl-NL", "no": "no-NO", "pl": "pl-PL",
    "pt": "pt-BR", "ro": "ro-RO", "ru": "ru-RU", "sk": "sk-SK", "sv": "sv-SE", "ta": "ta-IN",
    "te": "te-IN", "th": "th-TH", "tr": "tr-TR", "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}  # fmt: skip


def transcribe_job_name(job_id: JobId) -> str:
    name = f"{JOB_NAME_PREFIX}{job_id.value}"
    assert _JOB_NAME.fullmatch(name), name  # a JobId is 32 hex digits: always a valid name
    return name


def job_id_from_transcribe_name(name: str) -> JobId | None:
    """The job a Transcribe job name belongs to, or None if it is not one of ours."""
    if not name.startswith(JOB_NAME_PREFIX):
        return None
    return _job_id(name[len(JOB_NAME_PREFIX) :])


def output_key(job: TranscriptionJob, output_prefix: str = "") -> str:
    return f"{output_prefix}{job.id.value}/{job.output_file_name.value}.json"


def job_id_from_output_key(key: str, output_prefix: str = "") -> JobId | None:
    """The job whose transcript an output-bucket key holds, or None for any other object
    (Transcribe's `.write_access_check_file.temp`, a foreign file, another prefix)."""
    if not key.startswith(output_prefix) or not key.endswith(".json"):
        return None
    folder, slash, name = key[len(output_prefix) :].partition("/")
    if not slash or not name[: -len(".json")] or "/" in name:
        return None
    return _job_id(folder)


def language_to_iso(code: str | None) -> str | None:
    """'en-US' -> 'en'; None stays None."""
    if not code:
        return None
    return code.split("-", 1)[0].lower()


def _job_id(raw: str) -> JobId | None:
    try:
        return JobId(raw)
    except InvalidValue:
        return None

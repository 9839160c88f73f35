"""Logging for operators: one JSON object a line (or plain text on a terminal).

Secrets never reach a log line: the values of `session_id`, `token` and `api_key` query
parameters (however their names are percent-encoded: `%74oken=` is `token=` to the server),
bearer tokens and the passwords of URLs (`rediss://user:secret@host`) are replaced before
any handler sees the record, in the message, in `extra=` fields and in tracebacks, whichever
the format.
Audio and transcripts are never logged by the service in the first place.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

_SECRET_NAMES = ("session_id", "token", "api_key")
# Any `name=value` pair; the name is decoded before it is compared, as the server decodes it.
_QUERY_PAIR = re.compile(r"([^\s&?;=\"'/]+)=([^&\s\"']+)")
_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)
# The password of a URL's user part: redis://:secret@host, rediss://user:secret@host
_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@]*:)[^\s/@]+@")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "color_message"}


def _redact_pair(match: re.Match[str]) -> str:
    name = unquote_plus(match[1]).lower()
    return f"{match[1]}=[redacted]" if name.endswith(_SECRET_NAMES) else match[0]


def redact(text: str) -> str:
    text = _URL_PASSWORD.sub(r"\1[redacted]@", text)
    return _BEARER.sub(r"\1[redacted]", _QUERY_PAIR.sub(_redact_pair, text))


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactingFormatter(logging.Formatter):
    """Plain text lines whose tracebacks and stacks are redacted like the message."""

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return redact(super().formatStack(stack_info))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(RedactingFormatter):
    """Fields: time, level, logger, message, any `extra=` fields (job_id, session...), error."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: _redacted(v) for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(level: str, log_format: str) -> None:
    """`log_format`: json, text, or auto (text on a terminal, JSON otherwise)."""
    as_json = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets())
    handler.setFormatter(
        JsonFormatter() if as_json else RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True

"""Logging for `voxrelay transcribe`, a command a person runs: quiet, and brief when it speaks.

Only warnings and errors reach stderr unless asked (`-v` info, `-vv` debug, or
`--log-level` / VOXRELAY_LOG_LEVEL), so the progress bar and the result are all one sees.
Lines read `voxrelay: warning: ...`; `--log-format json` keeps the service's JSON lines.
"""

from __future__ import annotations

import logging
import os
import sys

from tqdm import tqdm  # type: ignore[import-untyped]

from entrypoints.exit_codes import EXIT_CODES
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import PREFIX

_BRIEF = "voxrelay: %(levelname)s: %(message)s"


def cli_log_level(verbose: int, flag: str | None) -> str:
    """-v beats --log-level, which beats the environment, which beats the quiet default."""
    if verbose:
        return "debug" if verbose > 1 else "info"
    return flag or os.environ.get(PREFIX + "LOG_LEVEL") or "warning"


class _LowerLevel(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.levelname = record.levelname.lower()
        return super().format(record)


class _AboveTheBar(logging.StreamHandler):
    """Writes through tqdm, which lifts a progress bar off its line, prints, and redraws it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            tqdm.write(self.format(record), file=self.stream)
        except Exception:
            self.handleError(record)


def configure_cli_logging(level: str, log_format: str) -> None:
    configure_logging(level, "json" if log_format == "json" else "text")
    if log_format == "json":
        return
    root = logging.getLogger()
    brief = _AboveTheBar(sys.stderr)
    brief.setFormatter(_LowerLevel(_BRIEF))
    for handler in root.handlers:  # keep the service's filters (secrets redacted)
        for kept in handler.filters:
            brief.addFilter(kept)
    root.handlers[:] = [brief]


def transcribe_epilog() -> str:
    return "exit status:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())

"""`voxrelay transcribe FILE...`: the TranscribeNow use case on local files.

Each file that fails gets one line on stderr and the others are still transcribed; the
exit status says what failed first (`entrypoints.exit_codes`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tqdm import tqdm  # type: ignore[import-untyped]

from adapters.json_codec import transcript_to_json
from adapters.transcript_formats import render
from adapters.transcript_formats.render import EXTENSIONS
from application.errors import (
    ApplicationError,
    EmptyAudio,
    UnknownModel,
    UnsupportedAudio,
    UnsupportedLanguage,
)
from application.use_cases import TranscribeNowCommand
from domain.errors import InvalidValue
from domain.transcript import Transcript, TranscriptionOptions
from domain.values import LanguageCode
from entrypoints.container import build_container
from entrypoints.exit_codes import FAILED, NOT_AUDIO, UNKNOWN_MODEL, UNREADABLE, USAGE
from entrypoints.settings import Settings


def transcribe_files(
    settings: Settings,
    files: list[Path],
    output_format: str,
    language: str | None,
    model: str | None = None,
    output_dir: Path | None = None,
) -> int:
    """Print each transcript, or write FILE-stem.EXT into `output_dir`; the exit code of the
    first failure, or 0."""
    if output_dir is not None and (clash := _same_output(files, output_format)):
        print(f"voxrelay: several files would write {output_dir / clash}; transcribe them separately", file=sys.stderr)
        return USAGE
    try:
        parsed = LanguageCode.parse_optional(language)
        language = parsed.value if parsed else None
    except InvalidValue as error:
        print(f"voxrelay: {error}", file=sys.stderr)
        return USAGE
    container = build_container(settings)
    transcribe = container.transcribe_now()
    options = TranscriptionOptions(language=language, model=model, speakers=settings.speakers)
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
    status = 0
    try:
        for path in files:
            code = _transcribe_one(transcribe, path, options, output_format, output_dir, several=len(files) > 1)
            status = status or code
            if code == UNKNOWN_MODEL:
                break  # the same for every file: saying it once is enough
    finally:
        container.shutdown_resources()
    return status


def _transcribe_one(
    transcribe, path: Path, options: TranscriptionOptions, output_format: str, output_dir: Path | None, several: bool
) -> int:
    """0, or the exit code of what went wrong, said in one line on stderr."""
    try:
        audio = path.open("rb")
    except OSError as error:
        print(f"voxrelay: {path}: cannot read the file: {error.strerror or error}", file=sys.stderr)
        return UNREADABLE
    try:
        with audio, _progress(path) as bar:
            transcript = transcribe.execute(TranscribeNowCommand(audio, options, bar.advance_to))
    except (UnknownModel, UnsupportedLanguage) as error:
        print(f"voxrelay: {error}", file=sys.stderr)
        return UNKNOWN_MODEL
    except (UnsupportedAudio, EmptyAudio) as error:
        print(f"voxrelay: {path}: {error}", file=sys.stderr)
        return NOT_AUDIO
    except OSError as error:  # a read that fails midway: a folder, a vanished mount
        print(f"voxrelay: {path}: cannot read the file: {error.strerror or error}", file=sys.stderr)
        return UNREADABLE
    except ApplicationError as error:
        print(f"voxrelay: {path}: {error}", file=sys.stderr)
        return FAILED
    try:
        _emit(path, transcript, output_format, output_dir, several)
    except OSError as error:
        print(f"voxrelay: {path}: cannot write the transcript: {error.strerror or error}", file=sys.stderr)
        return FAILED
    return 0


def _emit(path: Path, transcript: Transcript, output_format: str, output_dir: Path | None, several: bool) -> None:
    if output_dir is not None:
        rendered = render(transcript, output_format, name=path.stem)
        target = output_dir / f"{path.stem}.{rendered.extension}"
        target.write_text(rendered.body, encoding="utf-8")
        print(target)
    elif output_format == "json":
        print(json.dumps({"file": str(path), **transcript_to_json(transcript)}, ensure_ascii=False))
    elif output_format == "text":
        print((f"{path}: " if several else "") + transcript.text)
    else:
        body = render(transcript, output_format, name=path.stem).body
        print(body if body.endswith("\n") or not body else body + "\n", end="")


def _same_output(files: list[Path], output_format: str) -> str | None:
    extension = EXTENSIONS[output_format]
    names = [f"{path.stem}.{extension}" for path in files]
    return next((name for name in names if names.count(name) > 1), None)


class _progress:
    """A per-file progress bar on a terminal; nothing when stderr is not one (piped, logged)."""

    def __init__(self, path: Path) -> None:
        self._bar = tqdm(
            total=100,
            desc=path.name,
            unit="%",
            leave=False,
            disable=not sys.stderr.isatty(),
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}",
        )

    def __enter__(self) -> _progress:
        return self

    def __exit__(self, *_: object) -> None:
        self._bar.close()

    def advance_to(self, fraction: float) -> None:
        target = int(fraction * 100)
        if target > self._bar.n:
            self._bar.update(target - self._bar.n)

"""The `voxrelay` command: serve the API, or transcribe files right here. The settings' flags
and table are `cli_settings`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

from entrypoints.cli_logging import cli_log_level, configure_cli_logging, transcribe_epilog
from entrypoints.cli_settings import add_settings_flags, settings_from, settings_table
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings

__all__ = ["build_parser", "main", "settings_table"]

DESCRIPTION = """\
voxrelay: speech to text, pushed to your users.

  voxrelay serve                 run the HTTP/WebSocket service (embedded Whisper, no cloud)
  voxrelay worker                run queued jobs from Redis (for `serve --no-worker` replicas)
  voxrelay transcribe FILE...    print the transcript of audio files
  voxrelay settings              list every setting with its variable and default

Every option can also be set with an environment variable: --whisper-model is
VOXRELAY_WHISPER_MODEL, --port is VOXRELAY_PORT, and so on.
"""


# What a worker does not serve, and the settings that bear on transcribing files here.
WORKER_SKIPS = frozenset({"host", "port", "state", "worker", "web_ui"})
TRANSCRIBE_SETTINGS = frozenset(
    {
        "whisper_model",
        "whisper_device",
        "whisper_compute_type",
        "whisper_beam_size",
        "whisper_threads",
        "whisper_vad",
        "whisper_word_timestamps",
        "whisper_words_move_windows",
        "log_level",
        "log_format",
        "speakers",
    }
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voxrelay", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    serve = commands.add_parser("serve", help="run the HTTP/WebSocket service", description="Run the service.")
    add_settings_flags(serve)
    worker = commands.add_parser(
        "worker",
        help="run jobs from the Redis queue",
        description="Consume the Redis job queue (state=redis) with --concurrency threads.",
    )
    add_settings_flags(worker, {f.name for f in fields(Settings)} - WORKER_SKIPS)
    _add_transcribe(commands)
    commands.add_parser("settings", help="list every setting as a markdown table", description="List settings.")
    return parser


def _add_transcribe(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    transcribe = commands.add_parser(
        "transcribe",
        help="transcribe audio files and print the text",
        description="Transcribe files locally.",
        epilog=transcribe_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    transcribe.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="also log what happens (-v info, -vv debug); by default only warnings and errors",
    )
    transcribe.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="audio files (wav, mp3, flac, ogg, webm, m4a, mp4)"
    )
    transcribe.add_argument(
        "--format", choices=("text", "json", "srt", "vtt"), default="text", help="output format (default: text)"
    )
    transcribe.add_argument(
        "--language", help="ISO 639-1 code of the spoken language (default: the model's or detected)"
    )
    transcribe.add_argument(
        "--model",
        help=(
            "model for these files: tiny.en, base (multilingual), a model folder or a hub name"
            " (default: --whisper-model)"
        ),
    )
    transcribe.add_argument(
        "-o", "--output-dir", type=Path, help="write FILE-stem.EXT into this folder instead of printing"
    )
    add_settings_flags(transcribe, set(TRANSCRIBE_SETTINGS))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "settings":
        print(settings_table())
        return 0
    try:
        settings = settings_from(args)
    except ValueError as error:
        print(f"voxrelay: {error}", file=sys.stderr)
        return 2
    if args.command == "transcribe":
        configure_cli_logging(cli_log_level(args.verbose, args.log_level), settings.log_format)
    else:
        configure_logging(settings.log_level, settings.log_format)
    if args.command == "serve":
        from entrypoints.serve import serve

        return serve(settings)
    if args.command == "worker":
        from entrypoints.worker import run_worker

        return run_worker(settings)
    from entrypoints.transcribe_files import transcribe_files

    return transcribe_files(settings, args.files, args.format, args.language, args.model, args.output_dir)


if __name__ == "__main__":
    sys.exit(main())

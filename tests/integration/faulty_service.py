"""`python -m tests.integration.faulty_service FAILURES serve`: `voxrelay serve` as the CLI
starts it, but with a transcriber whose first FAILURES calls crash in each process (-1: all),
put in through the container's override rather than a setting."""

from __future__ import annotations

import sys

from entrypoints.container import build_container
from entrypoints.logging_setup import configure_logging
from entrypoints.serve import serve
from entrypoints.settings import Settings
from tests.faults import inject_transcriber_faults


def launcher(failures: int) -> str:
    """What `start_service(..., launcher=...)` runs."""
    return f"tests.integration.faulty_service {failures}"


def main(argv: list[str]) -> int:
    failures, command = int(argv[0]), argv[1]
    if command != "serve":
        raise SystemExit(f"faulty_service starts serve only, not {command}")
    settings = Settings.from_env().validate()
    configure_logging(settings.log_level, settings.log_format)
    container = build_container(settings)
    inject_transcriber_faults(container, failures)
    return serve(settings, container)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m bench.profiled_service serve`: the voxrelay CLI under cProfile, for benchmarks.

Profiles the main thread (the event loop) only between SIGUSR1 (start) and SIGUSR2 (stop and
write the stats to $VOXRELAY_PROFILE_OUT), so a benchmark can profile just its measured phase.
"""

from __future__ import annotations

import cProfile
import os
import signal
import sys

from entrypoints.cli import main

profiler = cProfile.Profile()


def _start(*_: object) -> None:
    profiler.enable()


def _stop(*_: object) -> None:
    profiler.disable()
    profiler.dump_stats(os.environ["VOXRELAY_PROFILE_OUT"])


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _start)
    signal.signal(signal.SIGUSR2, _stop)
    sys.exit(main())

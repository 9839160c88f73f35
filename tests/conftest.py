"""Hypothesis profiles for every test that draws examples (the property tests, schemathesis),
and how often the test process collects its garbage.

`ci`, the default: the examples are derived from each test, not drawn at random, so a run of
the suite passes or fails the same way every time; a failure is a defect to fix, never a
roll of the dice. `explore` draws new examples on each run, to look for what `ci` does not
reach: `pytest --hypothesis-profile=explore`.
"""

from __future__ import annotations

import gc
import sys

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("ci")

# Where PYTHONDONTWRITEBYTECODE is set (it is on the shared machine), every run compiled
# every module of src and tests again and pytest rewrote every test module's asserts again:
# 2 s of CPU of a unit run. The caches go where Python always puts them, in __pycache__
# (ignored by git), and are checked against each source's timestamp when read.
sys.dont_write_bytecode = False

# The test process holds a large heap (litestar, botocore's service models, moto, hypothesis),
# and at CPython's default thresholds (700, 10, 10) the collector went over all of it again and
# again: a fifth of the unit suite's CPU. It still runs, less often, and what the modules
# hold once collected is frozen out of its passes. Nothing here frees memory by reference
# counting any later: only cycles wait longer.
gc.set_threshold(10_000, 10, 10)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()

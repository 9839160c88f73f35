"""Hypothesis profiles for every test that draws examples (the property tests, schemathesis).

`ci`, the default: the examples are derived from each test, not drawn at random, so a run of
the suite passes or fails the same way every time; a failure is a defect to fix, never a
roll of the dice. `explore` draws new examples on each run, to look for what `ci` does not
reach: `pytest --hypothesis-profile=explore`.
"""

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("ci")

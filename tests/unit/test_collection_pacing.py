"""The API process collects cycles rarely enough that 10 000 sockets' objects are not walked every few seconds."""

import gc

from entrypoints.collection_pacing import MIDDLE_EVERY, YOUNG_EVERY, pace_collections_for_many_sockets


def test_young_and_middle_collections_are_spaced_out_and_the_oldest_rule_is_kept():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 7)
    try:
        replaced = pace_collections_for_many_sockets()
        assert replaced == (700, 10, 7)
        assert gc.get_threshold() == (YOUNG_EVERY, MIDDLE_EVERY, 7)
    finally:
        gc.set_threshold(*before)

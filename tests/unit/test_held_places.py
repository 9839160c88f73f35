"""HeldPlaces: the per-caller and overall bounds the socket quota, the live-stream slots and
the synchronous gate all count with."""

from application.held_places import HeldPlaces, Refusal


def test_a_caller_past_its_share_is_refused_while_another_still_gets_a_place():
    places = HeldPlaces(per_caller=2, in_all=10)
    assert places.take("a") is None and places.take("a") is None
    assert places.take("a") == Refusal(over_share=True, over_total=False)
    assert places.take("b") is None
    assert places.total == 3


def test_past_every_place_each_caller_is_refused_and_a_place_given_back_is_free_again():
    places = HeldPlaces(per_caller=2, in_all=3)
    for owner in ("a", "a", "b"):
        assert places.take(owner) is None
    assert places.take("c") == Refusal(over_share=False, over_total=True)
    assert places.take("a") == Refusal(over_share=True, over_total=True)
    places.give_back("b")
    assert places.take("c") is None


def test_giving_back_what_is_not_held_changes_nothing_and_no_bound_means_none():
    places = HeldPlaces()
    places.give_back("nobody")
    assert places.total == 0
    assert all(places.take(None) is None for _ in range(1000))  # callers without a key share one count
    assert places.total == 1000

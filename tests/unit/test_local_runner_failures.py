from application.errors import DependencyUnavailable
from entrypoints.local_runner import failure_reason


def test_our_own_errors_reach_the_client_with_their_reason():
    assert failure_reason(DependencyUnavailable("model base could not be loaded: disk full")) == (
        "model base could not be loaded: disk full"
    )


def test_unexpected_errors_are_named_but_not_described():
    assert failure_reason(KeyError("/secret/path")) == "internal error: KeyError"

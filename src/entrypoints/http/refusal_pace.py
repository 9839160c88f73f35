"""RefusalPace: how soon NotifyGuard may send the next refusal, so a flood of forged SNS
messages gets a bounded number of answers a second.

Cheap refusals alone do not keep /notify's flood off key B's back: an attacker posts its next
message the moment the last is answered, on as many connections as it may open, so the
cheaper the answer, the more messages come, until the event loop does nothing else and
every request of B's waits behind a thousand of A's. Pacing the answers bounds that loop: with
at most `per_second` refusals answered a second, the forged messages a closed loop of posts
can make the service parse, route and check are at most that many too, whatever the number of
connections. A refusal that must wait sleeps on a timer (no thread, no work meanwhile), having
dropped its body. Deliveries that pass the face checks are not paced here: they go on to the
route and its own bounded threads, so SNS's real messages never queue behind forged ones."""

from __future__ import annotations

import time
from collections.abc import Callable

REFUSALS_PER_SECOND = 100.0  # SNS refused on its face is a misconfiguration or an attack: rare
REFUSAL_BURST = 50  # answered at once after a quiet spell


class RefusalPace:
    """On average at most `per_second` refusals a second, and `burst` at once after a quiet
    spell, answered in the order they were decided (the generic cell rate algorithm: each
    refusal books the next slot of a virtual schedule)."""

    def __init__(
        self,
        per_second: float = REFUSALS_PER_SECOND,
        burst: int = REFUSAL_BURST,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = 1.0 / per_second
        self._tolerance = (burst - 1) * self._interval
        self._monotonic = monotonic
        self._next_slot = 0.0

    def wait_seconds(self) -> float:
        """Books this refusal's slot; how long it must wait for it (0 when it may go now)."""
        now = self._monotonic()
        slot = max(self._next_slot, now)
        self._next_slot = slot + self._interval
        return max(0.0, slot - now - self._tolerance)

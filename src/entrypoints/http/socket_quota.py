"""SocketQuota: how many WebSockets each API key holds open in this process."""

from __future__ import annotations

from application.held_places import HeldPlaces

TOO_MANY_SOCKETS = 4429  # 4000 + the HTTP status it stands for, as 4401 and 4404 do


class SocketQuota:
    """At most `maximum` sockets per key (0: no limit); without keys, all sockets share one."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self._places = HeldPlaces(per_caller=maximum)

    def acquire(self, owner: str | None) -> bool:
        return self._places.take(owner) is None

    def release(self, owner: str | None) -> None:
        self._places.give_back(owner)

    @property
    def in_use(self) -> int:
        """What every key holds together."""
        return self._places.total

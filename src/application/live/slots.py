"""LiveStreamSlots: how many live streams this process runs, in all and per API key."""

from __future__ import annotations

from application.held_places import HeldPlaces


class LiveStreamSlots:
    """At most `per_process` streams at once and `per_key` per caller (0: no limit). Live
    streams decode on this process's cores, so the bound is per process, not shared."""

    def __init__(self, per_process: int, per_key: int) -> None:
        self.per_process = per_process
        self.per_key = per_key
        self._places = HeldPlaces(per_caller=per_key, in_all=per_process)

    @property
    def in_use(self) -> int:
        return self._places.total

    def acquire(self, owner: str | None) -> str | None:
        """None when a slot was taken, else why not."""
        refusal = self._places.take(owner)
        if refusal is None:
            return None
        if refusal.over_total:
            return f"this server runs at most {self.per_process} live streams at once"
        return f"at most {self.per_key} live streams per API key; close one first"

    def release(self, owner: str | None) -> None:
        self._places.give_back(owner)

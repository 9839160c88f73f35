"""MemoryStorageQuota: the StorageQuota port in this process's memory."""

from __future__ import annotations

import threading

from application.ports.storage_quota import StorageQuota


class MemoryStorageQuota(StorageQuota):
    """Counts live and die with the process: one replica, or tests."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._lock = threading.Lock()
        self.ledgers: dict[str, dict[str, int]] = {}  # caller -> job id -> bytes

    def reserve(self, caller: str, job_id: str, size_bytes: int) -> bool:
        if self._max <= 0:
            return True
        with self._lock:
            ledger = self.ledgers.setdefault(caller, {})
            if job_id not in ledger and sum(ledger.values()) + size_bytes > self._max:
                if not ledger:
                    del self.ledgers[caller]
                return False
            ledger[job_id] = size_bytes
            return True

    def has_room(self, caller: str) -> bool:
        return self._max <= 0 or self.used(caller) < self._max

    def used(self, caller: str) -> int:
        with self._lock:
            return sum(self.ledgers.get(caller, {}).values())

    def recorded(self, caller: str) -> list[str]:
        with self._lock:
            return sorted(self.ledgers.get(caller, {}))

    def release(self, caller: str, job_id: str) -> None:
        with self._lock:
            ledger = self.ledgers.get(caller)
            if ledger is not None:
                ledger.pop(job_id, None)
                if not ledger:
                    del self.ledgers[caller]

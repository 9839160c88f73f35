"""API keys: kept only as SHA-256 hashes, compared in constant time, named by a short id.

`VOXRELAY_API_KEYS` lists keys separated by commas, each either the key itself or
`sha256:<hex digest of the key>` so the configuration need not hold the secret.
"""

from __future__ import annotations

import hashlib
import hmac

_PREFIX = "sha256:"


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class ApiKeyRing:
    def __init__(self, entries: str) -> None:
        self._digests: list[bytes] = []
        for entry in (e.strip() for e in entries.split(",")):
            if not entry:
                continue
            if entry.startswith(_PREFIX):
                try:
                    digest = bytes.fromhex(entry[len(_PREFIX) :])
                except ValueError:
                    raise ValueError("an API key entry 'sha256:…' must hold 64 hex digits") from None
                if len(digest) != 32:
                    raise ValueError("an API key entry 'sha256:…' must hold 64 hex digits")
                self._digests.append(digest)
            else:
                self._digests.append(_digest(entry))

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def identify(self, presented: str | None) -> str | None:
        """The key's id (the first 16 hex digits of its hash), or None if it is not a key."""
        if not presented:
            return None
        digest = _digest(presented)
        found = False
        for known in self._digests:  # no early exit: the time taken says nothing
            found |= hmac.compare_digest(digest, known)
        return digest.hex()[:16] if found else None

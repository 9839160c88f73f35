"""Silent 16 kHz mono WAV in memory, for tests whose engine never hears the audio."""

from __future__ import annotations

import io
import wave


def silent_wav(seconds: float = 1.0) -> io.BytesIO:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * int(16000 * seconds))
    buffer.seek(0)
    return buffer

"""Audio for the live tests, made from the committed speech fixture: its two sentences
apart, with 1 s of silence between them, as 16-bit PCM at the rate a client sends."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

import av
import numpy as np

FIXTURES = Path(__file__).parent / "fixtures"
RATE = 24000  # OpenAI's default for audio/pcm
# In speech.wav the first sentence ends at 4.26 s and the second starts at 4.84 s.
FIRST_END, SECOND_START = 4.36, 4.74
GAP = 1.0


def speech_samples(rate: int = RATE) -> np.ndarray:
    with av.open(str(FIXTURES / "speech.wav")) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        frames = [out for frame in container.decode(audio=0) for out in resampler.resample(frame)]
        frames += resampler.resample(None)
    return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype("<i2")


def two_utterances(rate: int = RATE) -> tuple[bytes, bytes]:
    """The first sentence with its lead-in, then 1 s of silence (the fixture's own pause
    trimmed to 0.1 s either side, plus 0.8 s) and the second sentence with 1 s of silence after."""
    samples = speech_samples(rate)
    first = samples[: int(FIRST_END * rate)]
    second = samples[int(SECOND_START * rate) :]
    pause = np.zeros(int((GAP - (SECOND_START - FIRST_END)) * rate), dtype="<i2")
    tail = np.zeros(rate, dtype="<i2")
    return first.tobytes(), np.concatenate([pause, second, tail]).tobytes()


def chunks(pcm: bytes, rate: int = RATE, seconds: float = 0.1) -> list[str]:
    step = int(rate * seconds) * 2
    return [base64.b64encode(pcm[i : i + step]).decode() for i in range(0, len(pcm), step)]


def paced(pieces: list[str], seconds: float = 0.1, speed: float = 1.0):
    """Yield the chunks at `speed` times real time."""
    start = time.monotonic()
    for index, piece in enumerate(pieces):
        delay = start + index * seconds / speed - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        yield piece


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())

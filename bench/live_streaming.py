"""Streaming one clip to WS /v1/realtime at real-time pace and timing what comes back."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np
from websockets.sync.client import connect

TRANSCRIPTION = "conversation.item.input_audio_transcription"
SILENCE_MS = 500  # server_vad's silence_duration_ms, the default


def load_pcm(path: Path, rate: int) -> np.ndarray:
    """The clip as 16-bit mono PCM at `rate` (a stereo file's channels mixed)."""
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        frames = [out for frame in container.decode(audio=0) for out in resampler.resample(frame)]
        frames += resampler.resample(None)
    return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype("<i2")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class StreamResult:
    events: list[tuple[float, dict]] = field(default_factory=list)
    sent: list[float] = field(default_factory=list)  # when chunk i left
    chunk_seconds: float = 0.1
    audio_seconds: float = 0.0

    def sent_at(self, seconds: float) -> float:
        index = min(int(seconds / self.chunk_seconds), len(self.sent) - 1)
        return self.sent[max(index, 0)]

    def of(self, kind: str) -> list[tuple[float, dict]]:
        return [(t, e) for t, e in self.events if e["type"] == kind]

    @property
    def text(self) -> str:
        return " ".join(
            e["transcript"].strip() for _, e in self.of(f"{TRANSCRIPTION}.completed") if e["transcript"].strip()
        )

    def first_delta_latency(self) -> float | None:
        """From the moment the first speech left the client (speech start, past the 300 ms
        prefix the server adds) to the first delta of that utterance."""
        started = self.of("input_audio_buffer.speech_started")
        deltas = self.of(f"{TRANSCRIPTION}.delta")
        if not started or not deltas:
            return None
        first_item = started[0][1]["item_id"]
        mine = [t for t, e in deltas if e["item_id"] == first_item]
        if not mine:
            return None
        speech = (started[0][1]["audio_start_ms"] + 300) / 1000
        return mine[0] - self.sent_at(speech)

    def end_to_completed(self) -> list[float]:
        """Per utterance: end of speech (speech_stopped's audio_end_ms less the silence the
        detector waits for) to its completed."""
        completed = {e["item_id"]: t for t, e in self.of(f"{TRANSCRIPTION}.completed")}
        lags = []
        for _, stopped in self.of("input_audio_buffer.speech_stopped"):
            if stopped["item_id"] in completed:
                end = min(self.audio_seconds, (stopped["audio_end_ms"] - SILENCE_MS) / 1000)
                lags.append(completed[stopped["item_id"]] - self.sent_at(end))
        return lags

    def stopped_to_completed(self) -> list[float]:
        completed = {e["item_id"]: t for t, e in self.of(f"{TRANSCRIPTION}.completed")}
        return [
            completed[e["item_id"]] - t
            for t, e in self.of("input_audio_buffer.speech_stopped")
            if e["item_id"] in completed
        ]


def stream(url: str, pcm: np.ndarray, rate: int, chunk_seconds: float = 0.1, tail_seconds: float = 1.5) -> StreamResult:
    """Send `pcm` then `tail_seconds` of silence at real-time pace; return once every
    utterance begun has its completed (or failed)."""
    result = StreamResult(chunk_seconds=chunk_seconds, audio_seconds=pcm.size / rate)
    audio = np.concatenate([pcm, np.zeros(int(tail_seconds * rate), dtype="<i2")]).tobytes()
    step = int(rate * chunk_seconds) * 2
    pieces = [base64.b64encode(audio[i : i + step]).decode() for i in range(0, len(audio), step)]
    with connect(url, max_size=None) as ws:
        json.loads(ws.recv(timeout=10))
        session = {
            "type": "transcription",
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": rate},
                    "transcription": {"model": "whisper-1", "language": "en"},
                    "turn_detection": {"type": "server_vad", "silence_duration_ms": SILENCE_MS},
                }
            },
        }
        ws.send(json.dumps({"type": "session.update", "session": session}))
        json.loads(ws.recv(timeout=10))
        done = threading.Event()

        def send() -> None:
            start = time.monotonic()
            for index, piece in enumerate(pieces):
                delay = start + index * chunk_seconds - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                result.sent.append(time.monotonic())
                ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": piece}))
            done.set()

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        deadline = None
        while True:
            if done.is_set() and deadline is None:
                deadline = time.monotonic() + 60
            if deadline is not None and (settled(result) or time.monotonic() > deadline):
                break
            try:
                message = ws.recv(timeout=0.2)
            except TimeoutError:
                continue
            result.events.append((time.monotonic(), json.loads(message)))
        sender.join()
    return result


def settled(result: StreamResult) -> bool:
    kinds = [e["type"] for _, e in result.events]
    ended = kinds.count(f"{TRANSCRIPTION}.completed") + kinds.count(f"{TRANSCRIPTION}.failed")
    speaking = kinds.count("input_audio_buffer.speech_started") > kinds.count("input_audio_buffer.speech_stopped")
    return not speaking and kinds.count("input_audio_buffer.committed") == ended

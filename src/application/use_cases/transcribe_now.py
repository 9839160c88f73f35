"""TranscribeNow: transcribe audio while the caller waits, with no job or session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from application.errors import AudioTooLong, RateLimited, TranscriptionFailed
from application.ports import AudioProbe, Diarizer, ModelCatalog, ProgressCallback, Transcriber
from application.ports.model_catalog import ENGINE_CHOSEN_MODELS
from application.ports.submission_limiter import NO_LIMITS, SubmissionLimiter
from application.speaker_labelling import NoDiarizer
from domain.transcript import Transcript, TranscriptionOptions


@dataclass(frozen=True, slots=True)
class TranscribeNowCommand:
    audio: BinaryIO  # read from its start; the caller closes it
    options: TranscriptionOptions
    on_progress: ProgressCallback | None = None
    caller: str | None = None  # None: not counted (the command line)


class TranscribeNow:
    """Rules: the model and language must be ones the catalog accepts (UnknownModel,
    UnsupportedLanguage), checked before the audio is read; the content must decode as
    audio (UnsupportedAudio otherwise) and last no longer than the maximum (AudioTooLong)
    before the engine sees it; audio the probe undercounted is still AudioTooLong when the
    engine's own decoder stops at the maximum. Used by the command line
    and synchronous HTTP endpoints. A `caller` (an API key's id, or ANONYMOUS_CALLER) counts
    against the limiter's rate (RateLimited); no caller, as on the command line, is not counted.
    Speakers are asked only of a diarizer that can run (SpeakersUnavailable), before the audio is read."""

    def __init__(
        self,
        probe: AudioProbe,
        transcriber: Transcriber,
        models: ModelCatalog = ENGINE_CHOSEN_MODELS,
        limiter: SubmissionLimiter = NO_LIMITS,
        max_audio_seconds: float | None = None,
        diarizer: Diarizer | None = None,
    ) -> None:
        self._diarizer = diarizer or NoDiarizer("this service cannot label speakers")
        self._max_seconds = max_audio_seconds
        self._limiter = limiter
        self._models = models
        self._probe = probe
        self._transcriber = transcriber

    def execute(self, command: TranscribeNowCommand) -> Transcript:
        audio, options = command.audio, command.options
        if command.caller is not None and (wait := self._limiter.count_submission(command.caller)):
            raise RateLimited(wait)
        self._models.check(options.model, options.language)
        if options.speakers:
            self._diarizer.check()
        info = self._probe.probe(audio, max_seconds=self._max_seconds)
        if self._max_seconds is not None and info.duration_seconds > self._max_seconds:
            raise AudioTooLong(self._max_seconds)
        audio.seek(0)
        try:
            return self._transcriber.transcribe(audio, options, command.on_progress)
        except TranscriptionFailed as failure:
            # An engine reports every failure as TranscriptionFailed (a job records it as its
            # reason); a caller waiting here is owed the same answer the probe would have given.
            if isinstance(too_long := failure.__cause__, AudioTooLong):
                raise AudioTooLong(too_long.maximum) from failure
            raise

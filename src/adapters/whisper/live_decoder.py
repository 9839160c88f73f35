"""WhisperLiveDecoder: the SpeechDecoder port on the WhisperTranscriber's model pool."""

from __future__ import annotations

import io

import numpy as np

from adapters.pcm.wav_recording import wav_header
from adapters.whisper.segments import ENGINE_ERRORS
from adapters.whisper.transcriber import WhisperTranscriber
from application.errors import TranscriptionFailed
from domain.transcript import Segment, Transcript, TranscriptionOptions


class WhisperLiveDecoder:
    """A final decode is exactly the batch path's (the utterance as a WAV through
    `WhisperTranscriber.transcribe`: same beam, word timings, temperature fallback); a draft
    searches with the same beam, without timestamps or fallback, on the same pooled model. Not
    greedy: the words two drafts agree on are sent as deltas and never taken back, and greedy
    drafts agreed on words the final's beam hears otherwise ("ask for a ring" where the final
    heard "ask her to bring"); the beam costs a draft about a tenth more CPU."""

    def __init__(self, transcriber: WhisperTranscriber) -> None:
        self._transcriber = transcriber

    def decode(self, pcm: bytes, options: TranscriptionOptions, final: bool) -> Transcript:
        if final:
            return self._transcriber.transcribe(io.BytesIO(wav_header() + pcm), options)
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        name = options.model or self._transcriber.model_name
        with self._transcriber.pool.use(name) as model:
            try:
                segments, info = model.transcribe(
                    samples,
                    language=options.language or _assumed_language(name),
                    beam_size=self._transcriber.beam_size,
                    temperature=0.0,
                    without_timestamps=True,
                    condition_on_previous_text=False,
                    initial_prompt=options.prompt or None,
                )
                texts = tuple(Segment(s.start, s.end, s.text) for s in segments)
            except ENGINE_ERRORS as error:
                raise TranscriptionFailed("the speech engine could not process this audio") from error
        return Transcript.from_segments(texts, language=info.language, duration=samples.size / 16000)


def _assumed_language(model_name: str) -> str | None:
    return "en" if model_name.endswith(".en") else None

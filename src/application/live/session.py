"""LiveTranscription: one live stream's state, from audio appended to transcripts."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from application.live.admission import LiveAdmission
from application.live.decodes import LiveDecodes
from application.live.events import (
    BufferCleared,
    LiveError,
    LiveEvent,
    TranscriptCompleted,
)
from application.live.held_audio import HeldAudio
from application.live.open_utterance import OpenUtterance
from application.live.settings import BYTES_PER_SAMPLE, DecodeJob, LiveSettings
from application.live.turns import ServerTurns
from application.live.utterances import SAMPLE_RATE
from application.ports.live_audio import LiveRecording, VoiceActivity
from domain.transcript import Transcript


def _new_item_id() -> str:
    return "item_" + uuid.uuid4().hex[:20]


class LiveTranscription:
    """Rules:
    - audio is 16 kHz 16-bit mono PCM; with server VAD, voice activity starts and ends each
      utterance (`ServerTurns`); without it, an utterance is whatever came since the last commit;
    - an utterance is cut at `max_utterance_seconds` whatever the voice activity says;
    - while an utterance grows, a draft decode is asked for every `decode_interval_seconds`
      of new audio; a committed utterance gets one final decode, then its `completed`
      (what the decodes say: `LiveDecodes`);
    - bounded: the audio held is the utterance in progress, a short prefix and the finals
      not yet decoded (what is accepted: `LiveAdmission`; what is held: `OpenUtterance`);
    - with a recording, every accepted byte of audio is written to it as it comes."""

    def __init__(
        self,
        settings: LiveSettings,
        vad: VoiceActivity,
        clock: Callable[[], float],
        recording: LiveRecording | None = None,
        new_item_id: Callable[[], str] = _new_item_id,
    ) -> None:
        self._vad_port = vad
        self._admission = LiveAdmission(clock)
        self._recording = recording
        self._held = HeldAudio()
        self._decodes = LiveDecodes()
        self._utterance = OpenUtterance(self._held, self._decodes, new_item_id)
        self.ended = False
        self.configure(settings)

    def configure(self, settings: LiveSettings) -> None:
        """New settings from here on; an utterance in progress under the other kind of turn
        detection is dropped, since the new one cannot tell where it ends."""
        previous = getattr(self, "settings", None)
        if previous is not None and (previous.vad is None) != (settings.vad is None):
            self._utterance.drop()
        self.settings = settings
        self._restart_detector()

    def _restart_detector(self) -> None:
        vad, received = self.settings.vad, self._utterance.received
        self._turns = None if vad is None else ServerTurns(self._vad_port, vad, self._max_utterance, received)

    def record(self, recording: LiveRecording) -> LiveError | None:
        """Write the stream's audio to `recording` from now on: only before any audio came."""
        if self._utterance.received:
            return LiveError("keep_too_late", "ask to keep a stream before its first audio", "session.voxrelay")
        self._recording = recording
        return None

    @property
    def recording(self) -> LiveRecording | None:
        return self._recording

    @property
    def audio_seconds(self) -> float:
        return self._utterance.received / SAMPLE_RATE

    @property
    def busy(self) -> bool:
        return self._decodes.busy

    @property
    def completed(self) -> list[TranscriptCompleted]:
        return self._decodes.completed

    def append(self, pcm: bytes) -> list[LiveEvent]:
        if self.ended:
            return [LiveError("stream_ended", "this stream has ended", fatal=True)]
        utterance = self._utterance
        held = self._held.samples + self._decodes.queued_samples
        refusal = self._admission.refusal(self.settings, utterance.received, held, len(pcm) // BYTES_PER_SAMPLE)
        if refusal is not None:
            return [refusal]
        if self._recording is not None:
            self._recording.write(pcm)
        position = utterance.append(pcm)
        events: list[LiveEvent] = []
        if self._turns is not None:
            for cut, at in self._turns.feed(pcm):
                events += self._utterance.cut(cut, at)
        else:
            if utterance.start is None:
                utterance.begin(position)
            if utterance.length >= self._max_utterance:
                events += utterance.commit(utterance.received)
        utterance.trim(self.settings)
        return events

    def commit(self) -> list[LiveEvent]:
        """The client's commit: the utterance so far becomes an item."""
        utterance = self._utterance
        held = utterance.length
        if utterance.start is None and self._turns is not None:
            held = utterance.received - self._held.start  # audio the detector heard as silence
            utterance.begin(self._held.start)
        if held < self.settings.samples(self.settings.min_commit_seconds):
            ms = held * 1000 // SAMPLE_RATE
            if self._turns is None:
                utterance.drop()
            return [
                LiveError(
                    "input_audio_buffer_commit_empty",
                    f"buffer too small: expected at least 100 ms of audio, but the buffer holds {ms} ms",
                )
            ]
        if self._turns is not None:
            self._turns.reset()
        return utterance.commit(utterance.received)

    def clear(self) -> list[LiveEvent]:
        self._restart_detector()  # what it has not yet judged goes too
        self._utterance.drop()
        self._held.drop_all()
        return [BufferCleared()]

    def finish(self) -> list[LiveEvent]:
        """The end of the stream: what was said last is committed; only finals remain."""
        self.ended = True
        if self._utterance.length >= self.settings.samples(self.settings.min_commit_seconds):
            return self._utterance.commit(self._utterance.received)
        self._utterance.drop()
        return []

    def next_decode(self) -> DecodeJob | None:
        return self._decodes.next(lambda: self._utterance.draft(self.settings))

    def decoded(self, job: DecodeJob, transcript: Transcript) -> list[LiveEvent]:
        return self._decodes.decoded(job, transcript)

    def decode_failed(self, job: DecodeJob, reason: str) -> list[LiveEvent]:
        return self._decodes.failed(job, reason)

    @property
    def _max_utterance(self) -> int:
        return self.settings.samples(self.settings.max_utterance_seconds)

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
    SpeechStarted,
    SpeechStopped,
    TranscriptCompleted,
    UtteranceCommitted,
)
from application.live.held_audio import HeldAudio
from application.live.settings import BYTES_PER_SAMPLE, DecodeJob, LiveSettings
from application.live.turns import ServerTurns
from application.live.utterances import SAMPLE_RATE, Cut
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
      not yet decoded (what is accepted: `LiveAdmission`);
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
        self._new_item_id = new_item_id
        self._received = 0  # samples accepted so far
        self._held = HeldAudio()
        self._decodes = LiveDecodes()
        self._item: str | None = None
        self._utterance_start: int | None = None
        self._last_draft = 0
        self._previous_item: str | None = None
        self.ended = False
        self.configure(settings)

    def configure(self, settings: LiveSettings) -> None:
        """New settings from here on; an utterance in progress under the other kind of turn
        detection is dropped, since the new one cannot tell where it ends."""
        previous = getattr(self, "settings", None)
        if previous is not None and (previous.vad is None) != (settings.vad is None):
            self._drop_utterance()
        self.settings = settings
        self._restart_detector()

    def _restart_detector(self) -> None:
        vad = self.settings.vad
        self._turns = None if vad is None else ServerTurns(self._vad_port, vad, self._max_utterance, self._received)

    def record(self, recording: LiveRecording) -> LiveError | None:
        """Write the stream's audio to `recording` from now on: only before any audio came."""
        if self._received:
            return LiveError("keep_too_late", "ask to keep a stream before its first audio", "session.voxrelay")
        self._recording = recording
        return None

    @property
    def recording(self) -> LiveRecording | None:
        return self._recording

    @property
    def audio_seconds(self) -> float:
        return self._received / SAMPLE_RATE

    @property
    def busy(self) -> bool:
        return self._decodes.busy

    @property
    def completed(self) -> list[TranscriptCompleted]:
        return self._decodes.completed

    def append(self, pcm: bytes) -> list[LiveEvent]:
        if self.ended:
            return [LiveError("stream_ended", "this stream has ended", fatal=True)]
        held = self._held.samples + self._decodes.queued_samples
        refusal = self._admission.refusal(self.settings, self._received, held, len(pcm) // BYTES_PER_SAMPLE)
        if refusal is not None:
            return [refusal]
        if self._recording is not None:
            self._recording.write(pcm)
        position, self._received = self._received, self._received + len(pcm) // BYTES_PER_SAMPLE
        self._held.append(pcm)
        events: list[LiveEvent] = []
        if self._turns is not None:
            for cut, at in self._turns.feed(pcm):
                events += self._on_cut(cut, at)
        else:
            if self._utterance_start is None:
                self._begin(position)
            if self._received - (self._utterance_start or 0) >= self._max_utterance:
                events += self._commit(self._received)
        self._trim()
        return events

    def commit(self) -> list[LiveEvent]:
        """The client's commit: the utterance so far becomes an item."""
        held = 0 if self._utterance_start is None else self._received - self._utterance_start
        if self._utterance_start is None and self._turns is not None:
            held = self._received - self._held.start  # audio the detector heard as silence
            self._begin(self._held.start)
        if held < self.settings.samples(self.settings.min_commit_seconds):
            ms = held * 1000 // SAMPLE_RATE
            if self._turns is None:
                self._drop_utterance()
            return [
                LiveError(
                    "input_audio_buffer_commit_empty",
                    f"buffer too small: expected at least 100 ms of audio, but the buffer holds {ms} ms",
                )
            ]
        if self._turns is not None:
            self._turns.reset()
        return self._commit(self._received)

    def clear(self) -> list[LiveEvent]:
        self._restart_detector()  # what it has not yet judged goes too
        self._drop_utterance()
        self._held.drop_all()
        return [BufferCleared()]

    def finish(self) -> list[LiveEvent]:
        """The end of the stream: what was said last is committed; only finals remain."""
        self.ended = True
        held = 0 if self._utterance_start is None else self._received - self._utterance_start
        if held >= self.settings.samples(self.settings.min_commit_seconds):
            return self._commit(self._received)
        self._drop_utterance()
        return []

    def next_decode(self) -> DecodeJob | None:
        return self._decodes.next(self._draft)

    def decoded(self, job: DecodeJob, transcript: Transcript) -> list[LiveEvent]:
        return self._decodes.decoded(job, transcript)

    def decode_failed(self, job: DecodeJob, reason: str) -> list[LiveEvent]:
        return self._decodes.failed(job, reason)

    @property
    def _max_utterance(self) -> int:
        return self.settings.samples(self.settings.max_utterance_seconds)

    def _on_cut(self, cut: Cut, at: int) -> list[LiveEvent]:
        if cut.started:
            if self._item is not None:  # already speaking (a forced cut's next utterance)
                return []
            self._begin(max(at, self._held.start))
            assert self._item is not None
            return [SpeechStarted(self._item, at * 1000 // SAMPLE_RATE)] if not cut.forced else []
        if self._item is None:
            return []
        stopped: list[LiveEvent] = [] if cut.forced else [SpeechStopped(self._item, at * 1000 // SAMPLE_RATE)]
        return stopped + self._commit(min(at, self._received))

    def _begin(self, position: int) -> None:
        self._item = self._new_item_id()
        self._utterance_start = position
        self._last_draft = position
        self._decodes.open(self._item)

    def _commit(self, end: int) -> list[LiveEvent]:
        assert self._item is not None and self._utterance_start is not None
        item, start = self._item, self._utterance_start
        self._decodes.queue_final(DecodeJob(item, self._held.between(start, end), True, start / SAMPLE_RATE))
        self._item = self._utterance_start = None
        previous, self._previous_item = self._previous_item, item
        return [UtteranceCommitted(item, previous)]

    def _drop_utterance(self) -> None:
        if self._item is not None:
            self._decodes.drop(self._item)
        self._item = self._utterance_start = None

    def _draft(self) -> DecodeJob | None:
        """A draft of the utterance so far, if one is due."""
        if self._item is None or self._utterance_start is None:
            return None
        grown = self._received - self._last_draft
        length = self._received - self._utterance_start
        interval, shortest = self.settings.decode_interval_seconds, self.settings.min_draft_seconds
        if grown < self.settings.samples(interval) or length < self.settings.samples(shortest):
            return None
        self._last_draft = self._received
        pcm = self._held.between(self._utterance_start, self._received)
        return DecodeJob(self._item, pcm, False, self._utterance_start / SAMPLE_RATE)

    def _trim(self) -> None:
        """Keep the utterance in progress, or, between utterances, enough for a prefix."""
        if self._utterance_start is not None:
            keep_from = self._utterance_start
        else:
            vad = self.settings.vad
            padding = vad.prefix_padding_ms * SAMPLE_RATE // 1000 if vad else 0
            keep_from = self._received - padding - 2048  # the detector lags a window or two
        self._held.keep_from(keep_from)

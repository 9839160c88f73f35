"""LiveTranscription: one live stream's state, from audio appended to transcripts."""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable

from application.live.events import (
    BufferCleared,
    LiveError,
    LiveEvent,
    SpeechStarted,
    SpeechStopped,
    TranscriptCompleted,
    TranscriptDelta,
    TranscriptFailed,
    UtteranceCommitted,
)
from application.live.held_audio import HeldAudio
from application.live.settings import BYTES_PER_SAMPLE, DecodeJob, LiveSettings
from application.live.stabilizer import LocalAgreement
from application.live.utterances import SAMPLE_RATE, Cut, UtteranceCutter
from application.ports.live_audio import LiveRecording, VoiceActivity, VoiceActivityStream
from domain.transcript import Transcript


def _new_item_id() -> str:
    return "item_" + uuid.uuid4().hex[:20]


class LiveTranscription:
    """Rules:
    - audio is 16 kHz 16-bit mono PCM; with server VAD, voice activity starts and ends each
      utterance; without it, an utterance is whatever came since the last commit;
    - an utterance is cut at `max_utterance_seconds` whatever the voice activity says;
    - while an utterance grows, a draft decode is asked for every `decode_interval_seconds`
      of new audio; a word becomes a delta once two consecutive drafts agree (LocalAgreement),
      and a delta is never taken back; a committed utterance gets one final decode, then
      its `completed`; finals go before drafts, and one decode is in flight at a time;
    - bounded: the audio held is the utterance in progress, a short prefix and the finals
      not yet decoded, at most three utterances' worth (more is refused while the decoder
      catches up); a client more than `max_ahead_seconds` ahead of real time (counted from
      its first audio), or past `max_stream_seconds`, is refused (the latter ends the stream);
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
        self._clock = clock
        self._started_at: float | None = None  # the first audio's arrival: real time counts from it
        self._recording = recording
        self._new_item_id = new_item_id
        self._received = 0  # samples accepted so far
        self._held = HeldAudio()
        self._item: str | None = None
        self._utterance_start: int | None = None
        self._last_draft = 0
        self._previous_item: str | None = None
        self._finals: deque[DecodeJob] = deque()
        self._in_flight: DecodeJob | None = None
        self._agreements: dict[str, LocalAgreement] = {}
        self.completed: list[TranscriptCompleted] = []
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
        self._cutter: UtteranceCutter | None = None
        self._vad: VoiceActivityStream | None = None
        vad = self.settings.vad
        if vad is not None:
            self._vad = self._vad_port.open_stream()
            max_samples = self.settings.samples(self.settings.max_utterance_seconds)
            self._cutter = UtteranceCutter(vad, self._vad.window_samples, max_samples)
            self._cutter_origin = self._received  # the detector counts from here

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
        return self._in_flight is not None or bool(self._finals)

    def append(self, pcm: bytes) -> list[LiveEvent]:
        if self.ended:
            return [LiveError("stream_ended", "this stream has ended", fatal=True)]
        refusal = self._refusal(len(pcm) // BYTES_PER_SAMPLE)
        if refusal is not None:
            return [refusal]
        if self._recording is not None:
            self._recording.write(pcm)
        position, self._received = self._received, self._received + len(pcm) // BYTES_PER_SAMPLE
        self._held.append(pcm)
        events: list[LiveEvent] = []
        if self._vad is not None and self._cutter is not None:
            for probability in self._vad.feed(pcm):
                for cut in self._cutter.feed(probability):
                    events += self._on_cut(cut)
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
        if self._utterance_start is None and self._vad is not None:
            held = self._received - self._held.start  # audio the detector heard as silence
            self._begin(self._held.start)
        if held < self.settings.samples(self.settings.min_commit_seconds):
            ms = held * 1000 // SAMPLE_RATE
            if self._cutter is None:
                self._drop_utterance()
            return [
                LiveError(
                    "input_audio_buffer_commit_empty",
                    f"buffer too small: expected at least 100 ms of audio, but the buffer holds {ms} ms",
                )
            ]
        if self._cutter is not None:
            self._cutter.reset()
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
        if self._in_flight is not None:
            return None
        if self._finals:
            self._in_flight = self._finals.popleft()
        elif self._draft_due():
            assert self._item is not None and self._utterance_start is not None
            self._last_draft = self._received
            pcm = self._held.between(self._utterance_start, self._received)
            self._in_flight = DecodeJob(self._item, pcm, False, self._utterance_start / SAMPLE_RATE)
        return self._in_flight

    def decoded(self, job: DecodeJob, transcript: Transcript) -> list[LiveEvent]:
        self._in_flight = None
        agreement = self._agreements.get(job.item_id)
        if not job.final:
            fresh = agreement.update(transcript.text) if agreement else []
            return [self._delta(job.item_id, fresh, agreement)] if fresh else []
        events: list[LiveEvent] = []
        if agreement is not None and (rest := agreement.finish(transcript.text)):
            events.append(self._delta(job.item_id, rest, agreement))
        self._agreements.pop(job.item_id, None)
        completed = TranscriptCompleted(job.item_id, transcript, job.offset_seconds)
        self.completed.append(completed)
        return [*events, completed]

    def decode_failed(self, job: DecodeJob, reason: str) -> list[LiveEvent]:
        self._in_flight = None
        if not job.final:
            return []
        self._agreements.pop(job.item_id, None)
        return [TranscriptFailed(job.item_id, reason)]

    @property
    def _max_utterance(self) -> int:
        return self.settings.samples(self.settings.max_utterance_seconds)

    def _refusal(self, samples: int) -> LiveError | None:
        if self._received + samples > self.settings.samples(self.settings.max_stream_seconds):
            limit = self.settings.max_stream_seconds
            return LiveError("stream_too_long", f"a live stream lasts at most {limit:g} s of audio", fatal=True)
        if self._started_at is None:
            self._started_at = self._clock()
        held = self._held.samples + sum(len(f.pcm) for f in self._finals) // BYTES_PER_SAMPLE
        if held + samples > 3 * self._max_utterance:
            return LiveError(
                "transcription_backlog_full",
                "the server is behind with this stream's transcription; this chunk was dropped",
                param="audio",
            )
        ahead = (self._received + samples) / SAMPLE_RATE - (self._clock() - self._started_at)
        if ahead > self.settings.max_ahead_seconds:
            limit = self.settings.max_ahead_seconds
            return LiveError(
                "input_audio_buffer_ahead_of_real_time",
                f"audio arrives {ahead:.1f} s ahead of real time; at most {limit:g} s is accepted, "
                "send it at the pace it is spoken (this chunk was dropped)",
                param="audio",
            )
        return None

    def _on_cut(self, cut: Cut) -> list[LiveEvent]:
        at = self._cutter_origin + cut.sample
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
        self._agreements[self._item] = LocalAgreement()

    def _commit(self, end: int) -> list[LiveEvent]:
        assert self._item is not None and self._utterance_start is not None
        item, start = self._item, self._utterance_start
        self._finals.append(DecodeJob(item, self._held.between(start, end), True, start / SAMPLE_RATE))
        self._item = self._utterance_start = None
        previous, self._previous_item = self._previous_item, item
        return [UtteranceCommitted(item, previous)]

    def _drop_utterance(self) -> None:
        if self._item is not None:
            self._agreements.pop(self._item, None)
        self._item = self._utterance_start = None

    def _draft_due(self) -> bool:
        if self._item is None or self._utterance_start is None:
            return False
        grown = self._received - self._last_draft
        length = self._received - self._utterance_start
        return grown >= self.settings.samples(
            self.settings.decode_interval_seconds
        ) and length >= self.settings.samples(self.settings.min_draft_seconds)

    def _trim(self) -> None:
        """Keep the utterance in progress, or, between utterances, enough for a prefix."""
        if self._utterance_start is not None:
            keep_from = self._utterance_start
        else:
            vad = self.settings.vad
            padding = vad.prefix_padding_ms * SAMPLE_RATE // 1000 if vad else 0
            keep_from = self._received - padding - 2048  # the detector lags a window or two
        self._held.keep_from(keep_from)

    @staticmethod
    def _delta(item_id: str, words: list[str], agreement: LocalAgreement | None) -> TranscriptDelta:
        first = agreement is None or len(agreement.confirmed) == len(words)
        return TranscriptDelta(item_id, ("" if first else " ") + " ".join(words))

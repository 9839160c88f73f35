"""OpenUtterance: a live stream's audio buffering, the samples received and held and the
utterance open in them, apart from the session's rules for when one begins and ends."""

from __future__ import annotations

from collections.abc import Callable

from application.live.decodes import LiveDecodes
from application.live.events import LiveEvent, SpeechStarted, SpeechStopped, UtteranceCommitted
from application.live.held_audio import HeldAudio
from application.live.settings import BYTES_PER_SAMPLE, DecodeJob, LiveSettings
from application.live.utterances import SAMPLE_RATE, Cut


class OpenUtterance:
    """Where the open utterance began in the stream (None between utterances), when its last
    draft was asked for, and which committed item came before it. A committed or dropped
    utterance goes to `decodes`; what no utterance needs any more leaves `held`."""

    def __init__(self, held: HeldAudio, decodes: LiveDecodes, new_item_id: Callable[[], str]) -> None:
        self._held = held
        self._decodes = decodes
        self._new_item_id = new_item_id
        self.received = 0  # samples accepted so far
        self.item: str | None = None
        self.start: int | None = None
        self._last_draft = 0
        self._previous_item: str | None = None

    @property
    def length(self) -> int:
        """Samples in the open utterance, 0 when none is open."""
        return 0 if self.start is None else self.received - self.start

    def append(self, pcm: bytes) -> int:
        """Hold `pcm`; the stream position it starts at."""
        position, self.received = self.received, self.received + len(pcm) // BYTES_PER_SAMPLE
        self._held.append(pcm)
        return position

    def begin(self, position: int) -> None:
        self.item = self._new_item_id()
        self.start = position
        self._last_draft = position
        self._decodes.open(self.item)

    def commit(self, end: int) -> list[LiveEvent]:
        assert self.item is not None and self.start is not None
        item, start = self.item, self.start
        self._decodes.queue_final(DecodeJob(item, self._held.between(start, end), True, start / SAMPLE_RATE))
        self.item = self.start = None
        previous, self._previous_item = self._previous_item, item
        return [UtteranceCommitted(item, previous)]

    def cut(self, cut: Cut, at: int) -> list[LiveEvent]:
        """What the server's turn detection cut at `at` does: an utterance begins, or ends."""
        if cut.started:
            if self.item is not None:  # already speaking (a forced cut's next utterance)
                return []
            self.begin(max(at, self._held.start))
            assert self.item is not None
            return [SpeechStarted(self.item, at * 1000 // SAMPLE_RATE)] if not cut.forced else []
        if self.item is None:
            return []
        stopped: list[LiveEvent] = [] if cut.forced else [SpeechStopped(self.item, at * 1000 // SAMPLE_RATE)]
        return stopped + self.commit(min(at, self.received))

    def drop(self) -> None:
        if self.item is not None:
            self._decodes.drop(self.item)
        self.item = self.start = None

    def draft(self, settings: LiveSettings) -> DecodeJob | None:
        """A draft of the utterance so far, if one is due."""
        if self.item is None or self.start is None:
            return None
        grown = self.received - self._last_draft
        interval, shortest = settings.decode_interval_seconds, settings.min_draft_seconds
        if grown < settings.samples(interval) or self.length < settings.samples(shortest):
            return None
        self._last_draft = self.received
        pcm = self._held.between(self.start, self.received)
        return DecodeJob(self.item, pcm, False, self.start / SAMPLE_RATE)

    def trim(self, settings: LiveSettings) -> None:
        """Keep the utterance in progress, or, between utterances, enough for a prefix."""
        if self.start is not None:
            keep_from = self.start
        else:
            vad = settings.vad
            padding = vad.prefix_padding_ms * SAMPLE_RATE // 1000 if vad else 0
            keep_from = self.received - padding - 2048  # the detector lags a window or two
        self._held.keep_from(keep_from)

"""Which appended audio a live stream accepts: its length, its backlog, its pace."""

from __future__ import annotations

from collections.abc import Callable

from application.live.events import LiveError
from application.live.settings import LiveSettings
from application.live.utterances import SAMPLE_RATE


class LiveAdmission:
    """Rules: a stream past `max_stream_seconds` is refused, and ends; audio held beyond three
    utterances' worth is refused while the decoder catches up; a client more than
    `max_ahead_seconds` ahead of real time, counted from its first audio, is refused."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._started_at: float | None = None  # the first audio's arrival: real time counts from it

    def refusal(self, settings: LiveSettings, received: int, held: int, samples: int) -> LiveError | None:
        """Why `samples` more, after `received` and with `held` still held, are refused; None if not."""
        if received + samples > settings.samples(settings.max_stream_seconds):
            limit = settings.max_stream_seconds
            return LiveError("stream_too_long", f"a live stream lasts at most {limit:g} s of audio", fatal=True)
        if self._started_at is None:
            self._started_at = self._clock()
        if held + samples > 3 * settings.samples(settings.max_utterance_seconds):
            return LiveError(
                "transcription_backlog_full",
                "the server is behind with this stream's transcription; this chunk was dropped",
                param="audio",
            )
        ahead = (received + samples) / SAMPLE_RATE - (self._clock() - self._started_at)
        if ahead > settings.max_ahead_seconds:
            limit = settings.max_ahead_seconds
            return LiveError(
                "input_audio_buffer_ahead_of_real_time",
                f"audio arrives {ahead:.1f} s ahead of real time; at most {limit:g} s is accepted, "
                "send it at the pace it is spoken (this chunk was dropped)",
                param="audio",
            )
        return None

"""KeepLiveStream: a finished live stream becomes a job of a notification session."""

from __future__ import annotations

from dataclasses import dataclass, replace

from application.clock import Clock, utc_now
from application.live.events import TranscriptCompleted
from application.message_bus import NO_HANDLERS, MessageBus
from application.ports import JobRepository, SessionStore
from application.session_owner import owned_session
from application.use_cases.complete_job import CompleteJob, CompleteJobCommand
from domain.job import TranscriptionJob
from domain.transcript import Segment, Transcript
from domain.values import AudioReference, LanguageCode, MediaFormat, SessionId


@dataclass(frozen=True, slots=True)
class KeepLiveStreamCommand:
    session_id: str
    owner: str | None
    audio: AudioReference
    audio_seconds: float
    utterances: tuple[TranscriptCompleted, ...]
    model: str | None = None
    language: str | None = None


class KeepLiveStream:
    """Rules: the named session must be open and the caller's (else SessionNotFound, as for
    an upload), checked when the stream asks to be kept and again at its end; the job is
    stored, naming the session, then completed with the utterances' transcripts joined
    (times counted from the stream's start), which pushes `job.completed` to the session
    as any finished job does."""

    def __init__(
        self,
        jobs: JobRepository,
        sessions: SessionStore,
        complete: CompleteJob,
        clock: Clock = utc_now,
        events: MessageBus = NO_HANDLERS,
    ) -> None:
        self._events = events
        self._jobs = jobs
        self._sessions = sessions
        self._complete = complete
        self._clock = clock

    def check(self, session_id: str, owner: str | None) -> SessionId:
        return owned_session(self._sessions, session_id, owner)

    def execute(self, command: KeepLiveStreamCommand) -> TranscriptionJob:
        session = self.check(command.session_id, command.owner)
        now = self._clock()
        job = TranscriptionJob.submit(
            audio=command.audio,
            media_format=MediaFormat.WAV,
            now=now,
            session_id=session,
            owner=command.owner,
            language=LanguageCode.parse_optional(command.language),
            model=command.model,
            audio_seconds=command.audio_seconds,
        )
        job.start(now)
        self._jobs.add(job)
        self._events.handle(job, job.pull_events())
        transcript = joined(command.utterances, command.audio_seconds)
        return self._complete.execute(CompleteJobCommand(job.id.value, transcript))


def joined(utterances: tuple[TranscriptCompleted, ...], duration: float) -> Transcript:
    segments: list[Segment] = []
    for utterance in utterances:
        shift = utterance.offset_seconds
        for segment in utterance.transcript.segments:
            words = tuple(
                replace(w, start=round(w.start + shift, 3), end=round(w.end + shift, 3)) for w in segment.words
            )
            segments.append(
                replace(segment, start=round(segment.start + shift, 3), end=round(segment.end + shift, 3), words=words)
            )
    language = next((u.transcript.language for u in utterances if u.transcript.language), None)
    return Transcript.from_segments(tuple(segments), language=language, duration=duration)

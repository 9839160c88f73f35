"""RemoteEngineContract: what every RemoteEngine adapter promises (ScriptedRemoteEngine; Amazon
Transcribe with its output bucket, on moto).

A subclass provides the fixtures `engine` and `remote`, a RemoteSide whose `start(job)` makes
the engine run the job, `write(job, transcript)` writes its result as the engine would, and
`spoil(job)` writes something that is not a transcript. Not named test_* so it is collected
only through its subclasses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

import pytest

from application.errors import TranscriptUnreadable
from application.ports import RemoteJobState, RemoteJobStatus
from domain.job import TranscriptionJob
from domain.transcript import Segment, Transcript, Word
from domain.values import AudioReference, LanguageCode, MediaFormat


class RemoteSide(Protocol):
    def start(self, job: TranscriptionJob) -> None: ...

    def write(self, job: TranscriptionJob, transcript: Transcript) -> None: ...

    def spoil(self, job: TranscriptionJob) -> None: ...


def a_job() -> TranscriptionJob:
    return TranscriptionJob.submit(
        audio=AudioReference("audio/" + "a" * 32, 1000),
        media_format=MediaFormat.WAV,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        language=LanguageCode("en"),
    )


def spoken() -> Transcript:
    words = (Word(0.0, 0.5, "hello", 0.9), Word(0.6, 1.0, "there.", 0.9))
    return Transcript.from_segments((Segment(0.0, 1.0, "hello there.", words),), language="en", duration=1.0)


class RemoteEngineContract:
    def test_a_job_the_engine_never_ran_has_no_state_and_no_transcript(self, engine) -> None:
        job = a_job()
        assert engine.state(job) is None
        assert engine.transcript(job) is None

    def test_a_started_job_has_a_state_the_port_knows(self, engine, remote: RemoteSide) -> None:
        job = a_job()
        remote.start(job)
        state = engine.state(job)
        assert isinstance(state, RemoteJobState) and state.status in set(RemoteJobStatus)

    def test_a_written_transcript_reads_back(self, engine, remote: RemoteSide) -> None:
        job = a_job()
        remote.start(job)
        assert engine.transcript(job) is None  # not written yet
        remote.write(job, spoken())
        transcript = engine.transcript(job)
        assert isinstance(transcript, Transcript)
        assert (transcript.text, transcript.language) == ("hello there.", "en")

    def test_what_is_written_but_not_a_transcript_is_unreadable(self, engine, remote: RemoteSide) -> None:
        job = a_job()
        remote.start(job)
        remote.spoil(job)
        with pytest.raises(TranscriptUnreadable):
            engine.transcript(job)

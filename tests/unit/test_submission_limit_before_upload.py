"""A caller over its limits is refused before its upload is read: CheckSubmissionAllowed asks
the limiter without counting, and the upload guard closes the connection after an answer
that leaves the body unread, so the client stops sending it."""

from __future__ import annotations

import anyio
import pytest

from adapters.memory.submission_limiter import MemorySubmissionLimiter
from application.errors import RateLimited, TooManyActiveJobs
from application.ports.submission_limiter import ANONYMOUS_CALLER
from application.use_cases import (
    CheckSubmissionAllowed,
    CheckSubmissionCommand,
    RunTranscriptionCommand,
    SubmitAudio,
    SubmitAudioCommand,
)
from entrypoints.http.upload_guard import ShutdownSignal, upload_guard


def limited(world, per_window: int = 0, max_active: int = 0):
    limiter = MemorySubmissionLimiter(per_window, max_active)
    submit = SubmitAudio(world.storage, world.probe, world.jobs, world.sessions, world.dispatcher, limiter=limiter)
    return CheckSubmissionAllowed(limiter, world.jobs), submit, limiter


def test_a_caller_within_its_rate_is_let_through_and_asking_counts_nothing(world):
    check, submit, limiter = limited(world, per_window=1)
    for _ in range(5):
        check.execute(CheckSubmissionCommand("key-a"))
    assert limiter.windows == {}
    submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))  # the one allowed


def test_a_caller_over_its_rate_is_told_how_long_to_wait(world):
    check, submit, _ = limited(world, per_window=2)
    for _ in range(2):
        submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    with pytest.raises(RateLimited) as refused:
        check.execute(CheckSubmissionCommand("key-a"))
    assert 0 < refused.value.retry_after_seconds <= 60
    check.execute(CheckSubmissionCommand("key-b"))


def test_no_caller_is_the_anonymous_one(world):
    check, submit, limiter = limited(world, per_window=1)
    submit.execute(SubmitAudioCommand(world.upload()))
    with pytest.raises(RateLimited):
        check.execute(CheckSubmissionCommand(None))
    assert list(limiter.windows) == [ANONYMOUS_CALLER]


def test_a_caller_with_its_maximum_of_unfinished_jobs_is_refused_until_one_ends(world):
    check, submit, limiter = limited(world, max_active=1)
    job = submit.execute(SubmitAudioCommand(world.upload(), owner="key-a"))
    with pytest.raises(TooManyActiveJobs):
        check.execute(CheckSubmissionCommand("key-a"))
    check.execute(CheckSubmissionCommand("key-a", starts_job=False))  # a synchronous transcription takes no place
    assert limiter.active_jobs("key-a") == [job.id.value]
    world.run.execute(RunTranscriptionCommand(job.id.value))
    check.execute(CheckSubmissionCommand("key-a"))  # the ended job is forgotten, and no place is taken
    assert limiter.active_jobs("key-a") == []


def test_a_recorded_job_the_store_no_longer_has_does_not_hold_a_place(world):
    check, _, limiter = limited(world, max_active=1)
    limiter.start_job("key-a", "not-a-job-id")
    check.execute(CheckSubmissionCommand("key-a"))
    assert limiter.active_jobs("key-a") == []


# The upload guard, on ASGI messages.


def run_guarded(app, headers: list[tuple[bytes, bytes]], body_chunks: list[bytes]) -> dict:
    incoming = [
        {"type": "http.request", "body": chunk, "more_body": i < len(body_chunks) - 1}
        for i, chunk in enumerate(body_chunks or [b""])
    ]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/jobs", "headers": headers}
    guarded = upload_guard(5.0, ShutdownSignal())(app)
    anyio.run(guarded, scope, receive, send)
    return next(m for m in sent if m["type"] == "http.response.start")


def answering(read_body: bool):
    async def app(scope, receive, send):
        if read_body:
            while (await receive()).get("more_body"):
                pass
        await send({"type": "http.response.start", "status": 429, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    return app


def test_an_answer_before_the_body_was_read_closes_the_connection():
    start = run_guarded(answering(read_body=False), [(b"content-length", b"10")], [b"01234", b"56789"])
    assert (b"connection", b"close") in start["headers"]
    chunked = run_guarded(answering(read_body=False), [(b"transfer-encoding", b"chunked")], [b"0123"])
    assert (b"connection", b"close") in chunked["headers"]


def test_an_answer_after_the_whole_body_or_to_a_request_without_one_keeps_the_connection():
    read = run_guarded(answering(read_body=True), [(b"content-length", b"10")], [b"01234", b"56789"])
    assert all(name != b"connection" for name, _ in read["headers"])
    bodiless = run_guarded(answering(read_body=False), [(b"content-length", b"0")], [])
    assert all(name != b"connection" for name, _ in bodiless["headers"])

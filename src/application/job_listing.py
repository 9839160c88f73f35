"""Rules every JobRepository adapter applies the same way: the listing order (newest first,
ties broken by id), its filters and opaque cursor, and that a stored final state is final."""

from __future__ import annotations

import base64
import json

from application.errors import InvalidRequest
from application.ports.job_repository import JobQuery
from domain.errors import IllegalTransition
from domain.job import TranscriptionJob

SortKey = tuple[float, str]


def sort_key(job: TranscriptionJob) -> SortKey:
    return (job.created_at.timestamp(), job.id.value)


def matches(job: TranscriptionJob, query: JobQuery) -> bool:
    if not job.visible_to(query.owner):
        return False
    if query.status is not None and job.status is not query.status:
        return False
    if query.session_id is not None and job.session_id != query.session_id:
        return False
    if query.finished_before is not None:
        return job.finished_at is not None and job.finished_at < query.finished_before
    return True


# Ours encode a timestamp and a job id in well under this; a longer one is not ours.
MAX_CURSOR_CHARS = 256


def encode_cursor(job: TranscriptionJob) -> str:
    raw = json.dumps(list(sort_key(job))).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> SortKey | None:
    """The sort key of the last job of the previous page; a cursor we did not make is refused."""
    if not cursor:
        return None
    if len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidRequest("cursor is not one this service gave out")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, job_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return (float(stamp), str(job_id))
    except (ValueError, TypeError, RecursionError):
        raise InvalidRequest("cursor is not one this service gave out") from None


def is_after(job: TranscriptionJob, cursor: SortKey | None) -> bool:
    """Whether the job comes after the cursor in newest-first order."""
    return cursor is None or sort_key(job) < cursor


def page_of(ordered: list[TranscriptionJob], query: JobQuery) -> tuple[list[TranscriptionJob], str | None]:
    """Cut a newest-first list of matching jobs (at most limit + 1 of them) into a page."""
    jobs = ordered[: query.limit]
    more = len(ordered) > query.limit
    return jobs, encode_cursor(jobs[-1]) if more and jobs else None


def refuse_leaving_a_final_state(stored: TranscriptionJob | None, new: TranscriptionJob) -> None:
    """The rule every repository's `save` applies inside its own atomic step."""
    if stored is not None and stored.status.is_final and stored.status is not new.status:
        raise IllegalTransition(new.id.value, stored.status.value, new.status.value)

"""RedisJobRepository: jobs and transcripts as JSON strings that expire after a retention time."""

from __future__ import annotations

import json
from datetime import datetime
from typing import cast

from redis import Redis

from adapters.json_codec import (
    job_from_record,
    job_to_record,
    transcript_from_json,
    transcript_to_record,
)
from adapters.redis.errors import as_text, milliseconds, unavailable_when_unreachable
from application.job_listing import decode_cursor, is_after, matches, page_of, sort_key
from application.ports.job_repository import JobPage, JobQuery
from domain.errors import IllegalTransition
from domain.job import JobStatus, TranscriptionJob
from domain.transcript import Transcript
from domain.values import JobId

_unavailable = unavailable_when_unreachable("job repository")

_FINAL_STATUSES = [status.value for status in JobStatus if status.is_final]

# refuse_leaving_a_final_state's rule, run where the record is, so a save is one round trip
# (a WATCH transaction took three, and the worker saves every job it ends, with its
# transcript). KEYS: the job, then its transcript's key when one is given; ARGV: the job's new
# record, its new status, the retention in ms ("" for none), the transcript's record or "",
# then the final statuses. Returns the stored final status that refused the save (nothing
# written), or nil once saved.
_SAVE = """
local raw = redis.call('GET', KEYS[1])
if raw then
    local stored = cjson.decode(raw)['status']
    if stored ~= ARGV[2] then
        for i = 5, #ARGV do
            if ARGV[i] == stored then return stored end
        end
    end
end
local function keep(key, value)
    if ARGV[3] == '' then
        redis.call('SET', key, value)
    else
        redis.call('SET', key, value, 'PX', ARGV[3])
    end
end
if KEYS[2] then keep(KEYS[2], ARGV[4]) end
keep(KEYS[1], ARGV[1])
return false
"""


class RedisJobRepository:
    """Every write restarts the key's retention clock, so a job and its transcript are kept
    `retention_seconds` after their last change (their final state, once they have one).
    `retention_seconds=None` keeps them until deleted by hand."""

    def __init__(self, client: Redis, retention_seconds: float | None, prefix: str = "voxrelay:") -> None:
        self._redis = client
        self._retention_ms = milliseconds(retention_seconds) if retention_seconds else None
        self._prefix = prefix
        self._save = client.register_script(_SAVE)

    def _job_key(self, job_id: JobId) -> str:
        return f"{self._prefix}job:{job_id.value}"

    def _transcript_key(self, job_id: JobId) -> str:
        return f"{self._prefix}transcript:{job_id.value}"

    @property
    def _index_key(self) -> str:
        # Job ids scored by creation time: the order GET /v1/jobs pages through.
        return f"{self._prefix}jobs:by-created"

    def _owner_index_key(self, owner: str) -> str:
        # The same, for one API key's jobs: a key's page never walks another key's jobs.
        return f"{self._prefix}jobs:by-owner:{owner}"

    def _indexes_of(self, owner: str | None) -> list[str]:
        return [self._index_key] if owner is None else [self._index_key, self._owner_index_key(owner)]

    @_unavailable
    def add(self, job: TranscriptionJob) -> None:
        record = json.dumps(job_to_record(job))
        # SET NX makes "is the id free?" and "take it" one step, across every replica.
        if not self._redis.set(self._job_key(job.id), record, nx=True, px=self._retention_ms):
            raise ValueError(f"job {job.id} already exists")
        with self._redis.pipeline(transaction=True) as pipe:
            for index in self._indexes_of(job.owner):
                pipe.zadd(index, {job.id.value: sort_key(job)[0]})
            pipe.execute()

    @_unavailable
    def get(self, job_id: JobId) -> TranscriptionJob | None:
        raw = self._redis.get(self._job_key(job_id))
        return job_from_record(json.loads(raw)) if raw is not None else None

    @_unavailable
    def save(self, job: TranscriptionJob, transcript: Transcript | None = None) -> None:
        """One script call: the check that no final state is left and the writes are one step
        in Redis, so a cancel saved by another process is either seen or comes after."""
        keys = [self._job_key(job.id)]
        kept = ""
        if transcript is not None:
            keys.append(self._transcript_key(job.id))
            kept = json.dumps(transcript_to_record(transcript))
        retention = "" if self._retention_ms is None else str(self._retention_ms)
        record = json.dumps(job_to_record(job))
        refused = self._save(keys=keys, args=[record, job.status.value, retention, kept, *_FINAL_STATUSES])
        if refused is not None:
            raise IllegalTransition(job.id.value, as_text(refused), job.status.value)

    @_unavailable
    def transcript(self, job_id: JobId) -> Transcript | None:
        raw = self._redis.get(self._transcript_key(job_id))
        return transcript_from_json(json.loads(raw)) if raw is not None else None

    @_unavailable
    def save_progress(self, job_id: JobId, fraction: float, at: datetime) -> bool:
        key = self._job_key(job_id)
        still_running = False

        def update(pipe) -> None:  # WATCH/MULTI: a cancel in between makes this retry
            nonlocal still_running
            raw = pipe.get(key)
            job = job_from_record(json.loads(raw)) if raw is not None else None
            still_running = job is not None and not job.status.is_final
            pipe.multi()
            if still_running:
                assert job is not None  # still_running is False without a job
                job.report_progress(fraction, at)
                pipe.set(key, json.dumps(job_to_record(job)), px=self._retention_ms)

        self._redis.transaction(update, key)
        return still_running

    @_unavailable
    def list(self, query: JobQuery) -> JobPage:
        """Walks the owner's index (every job's without an owner) from the cursor down, in
        batches that start at the page's size and double while filters leave it short."""
        cursor = decode_cursor(query.cursor)
        index = self._index_key if query.owner is None else self._owner_index_key(query.owner)
        selected: list[TranscriptionJob] = []
        high: float | str = cursor[0] if cursor else "+inf"
        batch = query.limit + 1
        offset = 0
        while len(selected) <= query.limit:
            # Without withscores the reply is the members alone, not the (member, score) pairs its hint also allows.
            ids = cast("list[bytes | str]", self._redis.zrevrangebyscore(index, high, "-inf", start=offset, num=batch))
            if not ids:
                break
            raws = self._redis.mget([f"{self._prefix}job:{as_text(i)}" for i in ids])
            expired = [i for i, raw in zip(ids, raws) if raw is None]
            if expired:  # retention let the job go; let its index entries go too
                with self._redis.pipeline(transaction=False) as pipe:
                    for key in {index, self._index_key}:
                        pipe.zrem(key, *expired)
                    pipe.execute()
            offset += len(ids) - len(expired)
            jobs = sorted((job_from_record(json.loads(r)) for r in raws if r is not None), key=sort_key, reverse=True)
            selected += [j for j in jobs if is_after(j, cursor) and matches(j, query)]
            if len(ids) < batch:
                break
            batch = min(batch * 2, 1024)
        jobs, next_cursor = page_of(sorted(selected, key=sort_key, reverse=True)[: query.limit + 1], query)
        return JobPage(jobs, next_cursor)

    @_unavailable
    def delete(self, job_id: JobId) -> None:
        raw = self._redis.get(self._job_key(job_id))
        owner = job_from_record(json.loads(raw)).owner if raw is not None else None
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._job_key(job_id), self._transcript_key(job_id))
            for index in self._indexes_of(owner):
                pipe.zrem(index, job_id.value)
            pipe.execute()

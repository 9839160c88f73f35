"""CheckSubmissionAllowed: would the caller's next submission be refused right now?"""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import RateLimited, TooManyActiveJobs
from application.ports import JobRepository
from application.ports.submission_limiter import ANONYMOUS_CALLER, SubmissionLimiter
from application.stored_audio import KEPT_AUDIO, StoredAudio
from domain.errors import InvalidValue
from domain.values import JobId


def forget_ended_jobs(limiter: SubmissionLimiter, jobs: JobRepository, caller: str) -> None:
    """Jobs are recorded when submitted and forgotten here, lazily, once the store says they
    ended (or are gone): nothing has to remember to release them."""
    for recorded in limiter.active_jobs(caller):
        try:
            job = jobs.get(JobId(recorded))
        except InvalidValue:
            job = None
        if job is None or job.status.is_final:
            limiter.end_job(caller, recorded)


@dataclass(frozen=True, slots=True)
class CheckSubmissionCommand:
    caller: str | None  # an API key's id; None without keys
    starts_job: bool = True  # False: a synchronous transcription, which takes no place


class CheckSubmissionAllowed:
    """Rules:
    - asked before an upload is read, so a caller over its limits is refused without
      sending the audio: RateLimited (with the seconds until its window lets one in) when
      one more submission would pass its rate, TooManyActiveJobs when `starts_job` and it
      has its maximum of unfinished jobs once the recorded ones are checked against the store,
      StorageQuotaExceeded when `starts_job` and it already stores its quota of audio;
    - it counts nothing and takes no place: only forgets jobs the store says have ended.
      SubmitAudio (and TranscribeNow) still decide, atomically; two uploads racing past this
      check are settled there. No caller is ANONYMOUS_CALLER, as in SubmitAudio.
    """

    def __init__(self, limiter: SubmissionLimiter, jobs: JobRepository, audio: StoredAudio = KEPT_AUDIO) -> None:
        self._limiter = limiter
        self._jobs = jobs
        self._audio = audio

    def execute(self, command: CheckSubmissionCommand) -> None:
        caller = command.caller or ANONYMOUS_CALLER
        if wait := self._limiter.seconds_until_allowed(caller):
            raise RateLimited(wait)
        if command.starts_job:
            self._audio.check_room(caller)  # StorageQuotaExceeded when it stores its quota already
        if not command.starts_job or self._limiter.has_room_for_job(caller):
            return
        forget_ended_jobs(self._limiter, self._jobs, caller)
        if not self._limiter.has_room_for_job(caller):
            raise TooManyActiveJobs()

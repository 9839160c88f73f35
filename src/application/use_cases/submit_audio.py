"""SubmitAudio: turn stored audio into a queued job owned by a session. What it refuses before
anything is counted or stored is `SubmissionChecks`; here is the workflow around it."""

from __future__ import annotations

from dataclasses import dataclass

from application.clock import Clock, utc_now
from application.errors import RateLimited, TooManyActiveJobs
from application.message_bus import NO_HANDLERS, MessageBus
from application.ports import (
    AudioProbe,
    AudioStorage,
    Diarizer,
    JobDispatcher,
    JobRepository,
    ModelCatalog,
    SessionStore,
)
from application.ports.model_catalog import ENGINE_CHOSEN_MODELS
from application.ports.submission_limiter import ANONYMOUS_CALLER, NO_LIMITS, SubmissionLimiter
from application.speaker_labelling import NoDiarizer
from application.stored_audio import KEPT_AUDIO, StoredAudio
from application.use_cases.check_submission import forget_ended_jobs
from application.use_cases.submission_checks import SubmissionChecks
from domain.job import TranscriptionJob
from domain.values import AudioReference, JobId


@dataclass(frozen=True, slots=True)
class SubmitAudioCommand:
    audio: AudioReference
    session_id: str | None = None
    output_file_name: str | None = None
    media_format: str | None = None
    language: str | None = None
    model: str | None = None
    require_session: bool = False
    owner: str | None = None  # the API key's id, when keys are in use
    speakers: bool | None = None  # None: the service's default


class SubmitAudio:
    """Rules:
    - a named session must be open and belong to the same owner (unknown, malformed,
      expired or another key's: SessionNotFound, so tokens cannot be probed);
      with `require_session`, a session must be named;
    - the content must decode as audio, of the declared format if one is declared;
    - audio shorter than the configured minimum is refused, and so is audio longer than
      the maximum (AudioTooLong) as the probe measures it, whatever its header claims;
    - the model and language must be ones the catalog accepts (UnknownModel,
      UnsupportedLanguage), checked before the audio is even probed; an engine that names its
      own (ENGINE_CHOSEN_MODELS) is trusted to refuse what it cannot do;
    - speaker labels (asked per job, else the service's default) are asked only of a service
      whose diarizer can run (SpeakersUnavailable otherwise, which says how to install it),
      checked as early as the model;
    - on any refusal or failure the stored audio is deleted: nothing is kept, and a job
      that could not be dispatched is FAILED rather than left QUEUED forever;
    - the job, which names its session, is stored before it is dispatched, so a fast
      engine can never finish a job whose owner is not yet known;
    - every submission counts against its caller's rate (RateLimited), and a
      caller with its maximum of unfinished jobs is refused (TooManyActiveJobs) once the jobs
      recorded as unfinished have been checked against the store; without API keys every
      caller is one (ANONYMOUS_CALLER);
    - the audio's bytes count against its caller's storage quota (StorageQuotaExceeded)
      from admission until the job ends or is deleted (StoredAudio).
    """

    def __init__(
        self,
        storage: AudioStorage,
        probe: AudioProbe,
        jobs: JobRepository,
        sessions: SessionStore,
        dispatcher: JobDispatcher,
        min_audio_seconds: float = 0.0,
        clock: Clock = utc_now,
        models: ModelCatalog = ENGINE_CHOSEN_MODELS,
        max_audio_seconds: float | None = None,
        limiter: SubmissionLimiter = NO_LIMITS,
        audio: StoredAudio = KEPT_AUDIO,
        diarizer: Diarizer | None = None,
        speakers_by_default: bool = False,
        events: MessageBus = NO_HANDLERS,
    ) -> None:
        self._events = events
        self._audio = audio
        self._limiter = limiter
        self._jobs = jobs
        self._storage = storage
        self._dispatcher = dispatcher
        self._clock = clock
        self._checks = SubmissionChecks(
            storage=storage,
            probe=probe,
            sessions=sessions,
            models=models,
            diarizer=diarizer or NoDiarizer("this service cannot label speakers"),
            clock=clock,
            min_audio_seconds=min_audio_seconds,
            max_audio_seconds=max_audio_seconds,
            speakers_by_default=speakers_by_default,
        )

    def execute(self, command: SubmitAudioCommand) -> TranscriptionJob:
        try:
            return self._submit(command)
        except BaseException:
            self._storage.delete(command.audio)
            raise

    def _submit(self, command: SubmitAudioCommand) -> TranscriptionJob:
        caller = command.owner or ANONYMOUS_CALLER
        if wait := self._limiter.count_submission(caller):
            raise RateLimited(wait)
        job = self._checks.new_job(command)
        self._admit(caller, job.id)
        self._store_and_dispatch(caller, job)
        return job.copy()

    def _store_and_dispatch(self, caller: str, job: TranscriptionJob) -> None:
        """Each step undoes the ones before it when it fails, so a refused job holds nothing."""
        try:
            self._audio.reserve(job)
        except BaseException:
            self._release(caller, job.id)
            raise
        try:
            self._jobs.add(job)
            self._events.handle(job, job.pull_events())
        except BaseException:
            self._release(caller, job.id)
            self._audio.release(job)
            raise
        try:
            self._dispatcher.dispatch(job)
        except BaseException as error:
            self._release(caller, job.id)
            self._audio.release(job)
            self._record_undispatched(job, error)
            raise

    def _admit(self, caller: str, job_id: JobId) -> None:
        if self._limiter.start_job(caller, job_id.value):
            return
        forget_ended_jobs(self._limiter, self._jobs, caller)
        if not self._limiter.start_job(caller, job_id.value):
            raise TooManyActiveJobs()

    def _release(self, caller: str, job_id: JobId) -> None:
        try:
            self._limiter.end_job(caller, job_id.value)
        except Exception:
            pass  # pruned later, once the store says the job ended

    def _record_undispatched(self, job: TranscriptionJob, error: BaseException) -> None:
        """The client is told the submission failed; the job must not wait forever either."""
        job.fail_to_queue(f"could not be queued: {error}", self._clock())
        try:
            self._jobs.save(job)
        except Exception:
            return  # the store may be what is down; the client already gets the error
        self._events.handle(job, job.pull_events())

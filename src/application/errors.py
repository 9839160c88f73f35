"""Errors the use cases raise; entrypoints map each to a response in one table."""

from domain.errors import DomainError


class ApplicationError(DomainError):
    """Base of the errors a use case raises on purpose."""


class SessionNotFound(ApplicationError):
    def __init__(self) -> None:
        super().__init__("unknown or expired session")


class JobNotFound(ApplicationError):
    def __init__(self, job_id: str) -> None:
        super().__init__(f"no job {job_id}")
        self.job_id = job_id


class AudioNotHeld(ApplicationError):
    """The job exists but its audio is no longer stored (deleted at its end, or purged)."""

    def __init__(self, job_id: str) -> None:
        super().__init__(f"the audio of job {job_id} is no longer held")
        self.job_id = job_id


class UploadTooLarge(ApplicationError):
    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"upload larger than the limit of {limit_bytes} bytes")
        self.limit_bytes = limit_bytes


class EmptyAudio(ApplicationError):
    def __init__(self) -> None:
        super().__init__("the uploaded file is empty")


class AudioTooShort(ApplicationError):
    def __init__(self, seconds: float, minimum: float) -> None:
        super().__init__(f"audio lasts {seconds:.3f} s, shorter than the minimum of {minimum:g} s")


class AudioTooLong(ApplicationError):
    """The audio, as measured (never as its header claims), lasts longer than allowed."""

    def __init__(self, maximum: float) -> None:
        super().__init__(f"audio lasts longer than the maximum of {maximum:g} s")
        self.maximum = maximum


class UnsupportedAudio(ApplicationError):
    """The content is not audio we can decode (or not the format the client declared)."""


class TranscriptionFailed(ApplicationError):
    """The engine could not transcribe this audio; the reason is safe to show the client."""


class DependencyUnavailable(ApplicationError):
    """A store, queue or engine the service needs is down; the request may be retried."""


class InvalidRequest(ApplicationError):
    """The request lacks something the use case needs, or has something it cannot use."""


class TranscriptNotReady(ApplicationError):
    """The job has no transcript (yet, or ever: it failed)."""


class TranscriptUnreadable(ApplicationError):
    """A remote engine wrote something that is not a transcript; retrying will not change it."""


class UnknownModel(ApplicationError):
    """The client named a model this service cannot use; `available` lists those it can."""

    def __init__(self, model: str, available: list[str]) -> None:
        super().__init__(f"unknown model {model!r}; available: {', '.join(available)}")
        self.model = model
        self.available = available


class UnsupportedLanguage(ApplicationError):
    """The model cannot transcribe the requested language (an English-only model, say)."""

    def __init__(self, model: str, language: str, reason: str) -> None:
        super().__init__(f"model {model!r} cannot transcribe language {language!r}: {reason}")
        self.model = model
        self.language = language


class JobInProgress(ApplicationError):
    """The job is running: cancel it before deleting it."""


class TranscriptionCancelled(ApplicationError):
    """Raised inside a running transcription to stop it: its job was cancelled meanwhile."""


class RateLimited(ApplicationError):
    """The caller submitted more than its rate allows; it may retry after `retry_after_seconds`."""

    def __init__(self, retry_after_seconds: float) -> None:
        super().__init__(f"too many submissions; retry in {retry_after_seconds:.0f} s")
        self.retry_after_seconds = retry_after_seconds


class TooManyActiveJobs(ApplicationError):
    """The caller already has as many queued or running jobs as it may have."""

    def __init__(self, retry_after_seconds: float = 5.0) -> None:
        super().__init__("too many jobs queued or running for this API key; wait for one to finish")
        self.retry_after_seconds = retry_after_seconds


class StorageQuotaExceeded(ApplicationError):
    """The caller's stored audio would pass its quota; finished jobs' audio frees room."""

    def __init__(self, used_bytes: int, size_bytes: int | None = None) -> None:
        adding = f" and this upload of {size_bytes} bytes" if size_bytes is not None else ""
        super().__init__(
            f"this API key already stores {used_bytes} bytes of audio{adding}, more than its quota allows;"
            " wait for its jobs to end or delete finished ones"
        )


class UploadStalled(ApplicationError):
    """The request body stopped arriving for longer than allowed; nothing was kept."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the upload stalled for more than {seconds:g} s")


class ServiceStopping(DependencyUnavailable):
    """The service is shutting down and takes no new work; another replica, or this one
    after its restart, will."""


class SpeakersUnavailable(ApplicationError):
    """Speaker labels were asked for, but this service cannot tell speakers apart (the
    engine's diarizer is not installed); the message says how to make it able to."""


class TooManyUploads(ApplicationError):
    """The caller already sends as many uploads at once as it may; one must end first."""

    def __init__(self, maximum: int, retry_after_seconds: float = 5.0) -> None:
        super().__init__(f"more than {maximum} uploads at once for this API key; wait for one to end")
        self.retry_after_seconds = retry_after_seconds


class UploadTooSlow(ApplicationError):
    """The request body arrives more slowly than the minimum rate; nothing was kept."""

    def __init__(self, min_bytes_per_second: int) -> None:
        super().__init__(f"the upload arrives more slowly than {min_bytes_per_second} bytes per second")


class ServiceBusy(DependencyUnavailable):
    """Every place for this kind of work is taken; retry after `retry_after_seconds`."""

    def __init__(self, detail: str, retry_after_seconds: float = 5.0) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


class TooManyTranscriptions(ApplicationError):
    """The caller already holds its share of the synchronous transcriptions running or waiting."""

    def __init__(self, maximum: int, retry_after_seconds: float = 5.0) -> None:
        super().__init__(f"more than {maximum} synchronous transcriptions at once for this API key")
        self.retry_after_seconds = retry_after_seconds


class DiarizationStopped(ApplicationError):
    """A diarization was told to stop (its job failed or was cancelled): nobody reads its answer."""

    def __init__(self, message: str = "the diarization was stopped") -> None:
        super().__init__(message)  # the message is an argument so that the error pickles

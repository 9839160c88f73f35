"""SubmitAudio and TranscribeNow refuse audio longer than the maximum, as measured by the probe."""

import io

import pytest

from adapters.memory import ScriptedTranscriber
from adapters.memory.scripted_engine import FAKE_AUDIO_MAGIC
from adapters.whisper import WhisperTranscriber
from application.errors import AudioTooLong, TranscriptionFailed
from application.ports import AudioInfo
from application.use_cases import SubmitAudio, SubmitAudioCommand, TranscribeNow, TranscribeNowCommand
from domain.transcript import TranscriptionOptions
from domain.values import MediaFormat
from tests.unit.silent_audio import silent_wav


@pytest.fixture
def limited(world):
    return SubmitAudio(world.storage, world.probe, world.jobs, world.sessions, world.dispatcher, max_audio_seconds=60)


def test_audio_longer_than_the_maximum_is_refused_and_nothing_is_kept(world, limited):
    world.probe.duration_seconds = 3600.0

    with pytest.raises(AudioTooLong, match="60 s"):
        limited.execute(SubmitAudioCommand(world.upload()))

    assert world.storage.objects == {}
    assert world.jobs.jobs == {}
    assert world.dispatcher.dispatched == []


def test_audio_up_to_the_maximum_is_accepted(world, limited):
    world.probe.duration_seconds = 60.0

    assert limited.execute(SubmitAudioCommand(world.upload())).audio_seconds == 60.0


def test_the_probe_is_told_the_maximum_so_it_can_stop_measuring_past_it(world, limited):
    limited.execute(SubmitAudioCommand(world.upload()))

    assert world.probe.max_seconds_asked == 60


def test_without_a_maximum_any_length_is_accepted(world):
    world.probe.duration_seconds = 10 * 3600.0

    assert world.submit.execute(SubmitAudioCommand(world.upload())).audio_seconds == 36000.0


def test_transcribing_while_you_wait_refuses_audio_over_the_maximum_before_the_engine_runs(world):
    world.probe.duration_seconds = 90.0
    transcribe = TranscribeNow(world.probe, world.transcriber, max_audio_seconds=60.0)
    with pytest.raises(AudioTooLong):
        transcribe.execute(TranscribeNowCommand(io.BytesIO(FAKE_AUDIO_MAGIC), TranscriptionOptions()))
    assert world.transcriber.calls == []
    assert world.probe.max_seconds_asked == 60.0


class UndercountingProbe:
    """Accepts anything as half a second of WAV: a probe fooled by the audio."""

    def probe(self, audio, max_seconds=None) -> AudioInfo:
        return AudioInfo(MediaFormat.WAV, 0.5, 16000, 1)


def test_audio_the_probe_undercounted_is_too_long_when_the_engine_s_decoder_stops_at_the_maximum():
    def no_model(*args, **kwargs):
        raise AssertionError("the model was asked for audio past the maximum")

    engine = WhisperTranscriber(model_factory=no_model, max_audio_seconds=1.0)
    transcribe = TranscribeNow(UndercountingProbe(), engine, max_audio_seconds=1.0)

    with pytest.raises(AudioTooLong, match="maximum of 1 s"):
        transcribe.execute(TranscribeNowCommand(silent_wav(3.0), TranscriptionOptions()))


def test_other_engine_failures_stay_transcription_failures(world):
    engine = ScriptedTranscriber(failure="the engine choked")
    transcribe = TranscribeNow(world.probe, engine, max_audio_seconds=60.0)

    with pytest.raises(TranscriptionFailed, match="choked"):
        transcribe.execute(TranscribeNowCommand(io.BytesIO(FAKE_AUDIO_MAGIC), TranscriptionOptions()))

"""SubmitAudio and TranscribeNow refuse audio longer than the maximum, as measured by the probe."""

import io

import pytest

from adapters.memory.scripted_engine import FAKE_AUDIO_MAGIC
from domain.transcript import TranscriptionOptions

from application.errors import AudioTooLong
from application.use_cases import SubmitAudio, SubmitAudioCommand, TranscribeNow


@pytest.fixture
def limited(world):
    return SubmitAudio(
        world.storage, world.probe, world.jobs, world.sessions, world.dispatcher, max_audio_seconds=60
    )


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
        transcribe.execute(io.BytesIO(FAKE_AUDIO_MAGIC), TranscriptionOptions())
    assert world.transcriber.calls == []
    assert world.probe.max_seconds_asked == 60.0

"""ReadJobAudio: the audio behind a job, for its owner, while storage still has it."""

from __future__ import annotations

import pytest

from application.errors import AudioNotHeld, JobNotFound
from application.use_cases import ReadJobAudio, ReadJobAudioCommand, SubmitAudioCommand
from tests.unit.conftest import SPEECH


def submitted(world, owner: str | None):
    return world.submit.execute(SubmitAudioCommand(audio=world.upload(), owner=owner))


def test_the_owner_reads_back_the_very_bytes_it_uploaded(world):
    job = submitted(world, "key-a")
    audio = ReadJobAudio(world.jobs, world.storage).execute(ReadJobAudioCommand(job.id.value, "key-a"))
    with audio.stream:
        assert audio.stream.read() == SPEECH
    assert audio.size_bytes == len(SPEECH) and audio.job.id == job.id


def test_another_owner_is_told_the_job_does_not_exist(world):
    job = submitted(world, "key-a")
    with pytest.raises(JobNotFound):
        ReadJobAudio(world.jobs, world.storage).execute(ReadJobAudioCommand(job.id.value, "key-b"))


def test_a_job_whose_audio_was_deleted_says_the_audio_is_no_longer_held(world):
    job = submitted(world, None)
    world.storage.delete(job.audio)
    with pytest.raises(AudioNotHeld, match="no longer held"):
        ReadJobAudio(world.jobs, world.storage).execute(ReadJobAudioCommand(job.id.value))


def test_a_malformed_id_is_an_unknown_job(world):
    with pytest.raises(JobNotFound):
        ReadJobAudio(world.jobs, world.storage).execute(ReadJobAudioCommand("../../etc/passwd"))

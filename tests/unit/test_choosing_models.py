"""SubmitAudio and TranscribeNow ask the model catalog first: bad requests never make jobs."""

from __future__ import annotations

import io

import pytest

from adapters.memory import MemoryModelCatalog
from application.errors import UnknownModel, UnsupportedLanguage
from application.use_cases import SubmitAudio, SubmitAudioCommand, TranscribeNow, TranscribeNowCommand
from domain.transcript import TranscriptionOptions
from domain.values import LanguageCode
from tests.contracts.model_catalog import ENGLISH_ONLY, MULTILINGUAL, ModelCatalogContract
from tests.unit.conftest import SPEECH


@pytest.fixture
def catalog() -> MemoryModelCatalog:
    return MemoryModelCatalog({"tiny.en": False, "base": True})


@pytest.fixture
def submit(world, catalog) -> SubmitAudio:
    return SubmitAudio(world.storage, world.probe, world.jobs, world.sessions, world.dispatcher, models=catalog)


def test_a_job_on_a_named_multilingual_model_keeps_its_model_and_language(world, submit, catalog):
    job = submit.execute(SubmitAudioCommand(world.upload(), model="base", language="fr"))

    assert job.model == "base" and job.language == LanguageCode("fr")
    assert catalog.checked == [("base", "fr")]


def test_an_unknown_model_makes_no_job_and_keeps_no_audio(world, submit):
    with pytest.raises(UnknownModel) as refused:
        submit.execute(SubmitAudioCommand(world.upload(), model="large-v9"))

    assert refused.value.available == ["tiny.en", "base"]
    assert world.jobs.jobs == {} and world.storage.objects == {} and world.dispatcher.dispatched == []


def test_french_on_the_english_only_default_makes_no_job(world, submit):
    with pytest.raises(UnsupportedLanguage, match="English-only"):
        submit.execute(SubmitAudioCommand(world.upload(), language="fr"))

    assert world.jobs.jobs == {} and world.storage.objects == {}


def test_the_model_is_checked_before_the_audio_is_probed(world, submit):
    with pytest.raises(UnknownModel):
        submit.execute(SubmitAudioCommand(world.upload(), model="nope"))

    assert world.probe.probed == 0


def test_english_on_an_english_only_model_is_fine(world, submit):
    job = submit.execute(SubmitAudioCommand(world.upload(), model="tiny.en", language="EN"))

    assert job.language == LanguageCode("en")


def test_transcribe_now_refuses_before_the_engine_hears_anything(world, catalog):
    transcribe = TranscribeNow(world.probe, world.transcriber, models=catalog)

    with pytest.raises(UnsupportedLanguage):
        transcribe.execute(
            TranscribeNowCommand(io.BytesIO(SPEECH), TranscriptionOptions(model="tiny.en", language="de"))
        )

    assert world.transcriber.calls == [] and world.probe.probed == 0


def test_transcribe_now_passes_the_chosen_model_to_the_engine(world, catalog):
    transcribe = TranscribeNow(world.probe, world.transcriber, models=catalog)

    transcribe.execute(
        TranscribeNowCommand(io.BytesIO(SPEECH), TranscriptionOptions(model="base", language="es", prompt="Madrid"))
    )

    assert world.transcriber.calls[0][1] == TranscriptionOptions(model="base", language="es", prompt="Madrid")


def test_the_catalog_lists_the_default_first():
    catalog = MemoryModelCatalog({"tiny.en": False, "base": True}, loaded=("tiny.en",))

    assert [(m.name, m.multilingual, m.loaded) for m in catalog.models()] == [
        ("tiny.en", False, True),
        ("base", True, False),
    ]


class TestMemoryModelCatalog(ModelCatalogContract):
    @pytest.fixture
    def catalog(self) -> MemoryModelCatalog:
        return MemoryModelCatalog({ENGLISH_ONLY: False, MULTILINGUAL: True})

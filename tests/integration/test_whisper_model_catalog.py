"""WhisperModelCatalog on this installation: what it offers and what it refuses."""

from __future__ import annotations

import pytest

from adapters.whisper import WhisperModelCatalog
from application.errors import UnknownModel, UnsupportedLanguage


@pytest.fixture
def catalog() -> WhisperModelCatalog:
    return WhisperModelCatalog(default="tiny.en")


def test_the_offline_models_are_offered_default_first(catalog):
    assert [(m.name, m.multilingual) for m in catalog.models()] == [("tiny.en", False), ("base", True)]


@pytest.mark.parametrize("model", [None, "tiny.en", "base", "small", "Systran/faster-whisper-small"])
def test_offered_models_and_hub_names_are_accepted(catalog, model):
    catalog.check(model, None)


def test_a_local_model_folder_is_accepted_by_path(catalog, tmp_path):
    (tmp_path / "model.bin").write_bytes(b"")
    catalog.check(str(tmp_path), None)


@pytest.mark.parametrize(
    "model",
    ["whisper-9", "/no/such/folder", "../escape", "x" * 5000, "/tmp/" + "d" * 300 + "/m", "nul\x00byte"],
    ids=["made-up", "missing-folder", "escape", "name-too-long", "path-part-too-long", "nul-byte"],
)
def test_anything_else_is_unknown_and_the_error_lists_the_offered_models(catalog, model):
    with pytest.raises(UnknownModel) as refused:
        catalog.check(model, None)
    assert refused.value.available == ["tiny.en", "base"]


def test_an_english_only_model_refuses_other_languages_and_points_to_a_multilingual_one(catalog):
    catalog.check("tiny.en", "en")
    with pytest.raises(UnsupportedLanguage, match="'base'"):
        catalog.check("tiny.en", "fr")
    with pytest.raises(UnsupportedLanguage):
        catalog.check("small.en", "es")


def test_a_multilingual_model_takes_any_whisper_language_but_not_made_up_ones(catalog):
    catalog.check("base", "es")
    with pytest.raises(UnsupportedLanguage, match="does not know"):
        catalog.check("base", "xx")

"""WhisperModelCatalog on this installation: what it offers and what it refuses. Only what
the operator offers can be named; folders and hub names only when the operator lists them."""

from __future__ import annotations

import pytest

from adapters.whisper import WhisperModelCatalog, WhisperModelLoader
from adapters.whisper.model_offer import ModelOffer
from application.errors import DependencyUnavailable, UnknownModel, UnsupportedLanguage
from tests.contracts.model_catalog import ENGLISH_ONLY, ModelCatalogContract


@pytest.fixture
def catalog() -> WhisperModelCatalog:
    return WhisperModelCatalog(default="tiny.en")


class TestWhisperModelCatalog(ModelCatalogContract):
    @pytest.fixture
    def catalog(self) -> WhisperModelCatalog:
        return WhisperModelCatalog(default=ENGLISH_ONLY)  # this installation offers tiny.en, then base


def test_the_offline_models_are_offered_default_first(catalog):
    assert [(m.name, m.multilingual) for m in catalog.models()] == [("tiny.en", False), ("base", True)]


@pytest.mark.parametrize("model", [None, "tiny.en", "base"])
def test_offered_models_are_accepted(catalog, model):
    catalog.check(model, None)


def test_a_folder_or_hub_name_is_refused_unless_the_operator_offers_it(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"")
    for model in (str(tmp_path), "small", "Systran/faster-whisper-large-v3", "attacker/evil-model"):
        with pytest.raises(UnknownModel):
            WhisperModelCatalog(default="tiny.en").check(model, None)
    offer = ModelOffer("tiny.en", f"mine={tmp_path},small")
    offered = WhisperModelCatalog(default="tiny.en", offer=offer)
    offered.check("mine", None)
    offered.check("small", None)
    assert [m.name for m in offered.models()] == ["tiny.en", "mine", "small"]  # what is offered, only
    for model in (str(tmp_path), "base", "attacker/evil-model"):
        with pytest.raises(UnknownModel) as refused:
            offered.check(model, None)
        assert refused.value.available == ["tiny.en", "mine", "small"]


def test_only_a_hub_name_the_operator_listed_may_be_downloaded_and_load_errors_name_no_folder(tmp_path):
    calls: list[tuple[str, dict]] = []

    def factory(source, **options):
        calls.append((source, options))
        raise RuntimeError(f"cannot read {source}/model.bin")

    (tmp_path / "model.bin").write_bytes(b"")
    offer = ModelOffer("tiny.en", f"mine={tmp_path},small")
    loader = WhisperModelLoader(model_factory=factory, offer=offer)
    for name in ("tiny.en", "mine", "small"):
        with pytest.raises(DependencyUnavailable) as failed:
            loader(name)
        assert str(tmp_path) not in str(failed.value)
    assert [(source == str(tmp_path), o["local_files_only"]) for source, o in calls] == [
        (False, True),
        (True, True),
        (False, False),
    ]


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
        WhisperModelCatalog(default="tiny.en", offer=ModelOffer("tiny.en", "small.en")).check("small.en", "es")


def test_a_multilingual_model_takes_any_whisper_language_but_not_made_up_ones(catalog):
    catalog.check("base", "es")
    with pytest.raises(UnsupportedLanguage, match="does not know"):
        catalog.check("base", "xx")

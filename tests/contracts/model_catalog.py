"""ModelCatalogContract: what every ModelCatalog adapter promises (MemoryModelCatalog in the
unit suite, WhisperModelCatalog on this installation's offline models in tests/integration).

A subclass provides the fixture `catalog`, offering exactly the English-only default
`ENGLISH_ONLY` and then the multilingual `MULTILINGUAL`. Not named test_* so it is collected
only through its subclasses.
"""

from __future__ import annotations

import pytest

from application.errors import UnknownModel, UnsupportedLanguage
from application.ports import ModelCatalog, ModelInfo

ENGLISH_ONLY = "tiny.en"
MULTILINGUAL = "base"


class ModelCatalogContract:
    def test_the_models_are_listed_default_first_with_what_each_can_do(self, catalog: ModelCatalog) -> None:
        listed = catalog.models()
        assert all(isinstance(model, ModelInfo) for model in listed)
        assert [(m.name, m.multilingual) for m in listed] == [(ENGLISH_ONLY, False), (MULTILINGUAL, True)]

    @pytest.mark.parametrize("model", [None, ENGLISH_ONLY, MULTILINGUAL])
    def test_every_offered_model_is_accepted_without_a_language(self, catalog, model) -> None:
        catalog.check(model, None)

    def test_a_model_not_offered_is_refused_naming_the_offered_ones(self, catalog) -> None:
        with pytest.raises(UnknownModel) as refused:
            catalog.check("large-v9", None)
        assert refused.value.available == [ENGLISH_ONLY, MULTILINGUAL]

    def test_an_english_only_model_transcribes_english_and_nothing_else(self, catalog) -> None:
        catalog.check(ENGLISH_ONLY, "en")
        with pytest.raises(UnsupportedLanguage):
            catalog.check(ENGLISH_ONLY, "fr")

    def test_the_default_model_is_the_one_checked_when_none_is_named(self, catalog) -> None:
        with pytest.raises(UnsupportedLanguage):
            catalog.check(None, "fr")

    def test_a_multilingual_model_takes_another_language(self, catalog) -> None:
        catalog.check(MULTILINGUAL, "fr")
        catalog.check(MULTILINGUAL, "en")

from pathlib import Path

import pytest

from entrypoints.cli import settings_table
from entrypoints.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_lists_every_setting_as_the_cli_prints_it():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- settings-table -->\n", 1)[1].split("<!-- /settings-table -->", 1)[0]
    assert table.strip() == settings_table().strip()


def test_settings_are_read_from_prefixed_environment_variables():
    settings = Settings.from_env({"VOXRELAY_PORT": "9001", "VOXRELAY_WHISPER_VAD": "yes", "OTHER": "x"})
    assert settings.port == 9001 and settings.whisper_vad is True


@pytest.mark.parametrize("env", [{"VOXRELAY_PORT": "eighty"}, {"VOXRELAY_WHISPER_VAD": "perhaps"}])
def test_a_malformed_setting_names_the_variable(env):
    with pytest.raises(ValueError, match=next(iter(env))):
        Settings.from_env(env)


def test_an_unknown_adapter_choice_is_refused():
    with pytest.raises(ValueError, match="VOXRELAY_STORAGE"):
        Settings(storage="floppy").validate()

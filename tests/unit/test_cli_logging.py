from entrypoints.cli_logging import cli_log_level, transcribe_epilog


def test_the_command_line_is_quiet_unless_asked(monkeypatch):
    monkeypatch.delenv("VOXRELAY_LOG_LEVEL", raising=False)
    assert cli_log_level(0, None) == "warning"
    assert cli_log_level(1, None) == "info" and cli_log_level(2, "error") == "debug"


def test_a_level_named_by_flag_beats_the_environment_which_beats_the_default(monkeypatch):
    monkeypatch.setenv("VOXRELAY_LOG_LEVEL", "debug")
    assert cli_log_level(0, None) == "debug"
    assert cli_log_level(0, "error") == "error"


def test_the_help_lists_every_exit_status():
    epilog = transcribe_epilog()
    assert all(f"  {code}  " in epilog for code in range(6))

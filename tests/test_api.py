"""The library: explicit keyword parameters named as the CLI's options, ``result.ok``,
the CLI's keep-going behaviour, and every docstring example run as written."""

from __future__ import annotations

import doctest
import inspect
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kcbudget
from kcbudget import api
from kcbudget.cli.app import app

ROOT = Path(__file__).resolve().parents[1]

# the options of each command that the library takes, under the same names
COMMAND_OPTIONS = {
    "read_workbook": ("validate", {"lang", "locale", "unit", "phase", "year", "sheet", "layout"}),
    "validate": ("validate", {"lang", "locale", "unit", "phase", "year", "sheet", "layout"}),
    "inspect": ("inspect", {"lang", "locale", "unit", "phase", "year", "sheet", "layout"}),
    "summarize": ("summarize", {"lang", "locale", "phase", "layout", "by", "region",
                                "province", "year", "program", "as_of"}),
    "reconcile": ("reconcile", {"lang", "locale", "layout", "match_by", "tolerance",
                                "rel_tolerance", "similarity"}),
}


def test_every_docstring_example_runs_as_written(monkeypatch):
    monkeypatch.chdir(ROOT)
    for name in api.__all__:
        assert ">>>" in (getattr(api, name).__doc__ or ""), f"{name} has no example"
    result = doctest.testmod(api, extraglobs={"kcbudget": kcbudget}, report=True)
    assert result.attempted >= 2 * len(api.__all__) and result.failed == 0, result


@pytest.mark.parametrize("name", sorted(COMMAND_OPTIONS))
def test_parameters_are_keywords_named_as_the_cli_options(name):
    command, wanted = COMMAND_OPTIONS[name]
    params = inspect.signature(getattr(kcbudget, name)).parameters
    assert wanted <= set(params), wanted - set(params)
    assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in wanted)
    # each of them is an option of the command, spelled the same way
    help_text = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"},
                                   terminal_width=200).stdout
    for p in wanted:
        assert "--" + p.replace("_", "-") in help_text, (command, p)


def test_a_misspelt_option_names_the_function_not_a_dataclass(tmp_path):
    with pytest.raises(TypeError, match="validate"):
        kcbudget.validate([tmp_path / "x.xlsx"], lnag="en")
    with pytest.raises(ValueError, match="lang"):
        kcbudget.validate([tmp_path / "x.xlsx"], lang="fr")


def test_the_library_goes_on_past_a_missing_file_as_the_cli_does(monkeypatch):
    monkeypatch.chdir(ROOT)
    good, missing = "sample_data/hoa-binh-2023.xlsx", "sample_data/khong-co.xlsx"
    result = kcbudget.validate([missing, good], lang="en")
    cli = CliRunner().invoke(app, ["validate", missing, good, "--format", "json",
                                   "--lang", "en"])
    assert cli.exit_code == 2 and not result.ok
    assert result.unreadable == ["sample_data/khong-co.xlsx: file not found"]
    assert [f.file for f in result.files] == [missing, good]
    assert result.diagnostics[0].code == "KC100" and result.files[1].ok
    with pytest.raises(kcbudget.KcbudgetError, match="file not found"):
        kcbudget.validate([missing], keep_going=False)


def test_ok_is_the_exit_status_of_the_command(monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    for files in (["sample_data/hoa-binh-2023.xlsx"], ["sample_data/mien-trung-2021-bao-cao.xlsx"]):
        assert kcbudget.validate(files).ok == (runner.invoke(app, ["validate", *files]).exit_code
                                               == 0)
        assert kcbudget.summarize(files).ok == (
            runner.invoke(app, ["summarize", *files]).exit_code == 0)
    pair = ["sample_data/binh-dinh-2022-ke-hoach.xlsx", "sample_data/binh-dinh-2022-thuc-hien.xlsx"]
    assert kcbudget.reconcile(*pair).ok == (
        runner.invoke(app, ["reconcile", *pair, "--fail-on", "error"]).exit_code == 0)
    assert kcbudget.inspect(["sample_data/khong-co.xlsx"]).ok is False

"""Failures: pdtsim's exit code and its one-line message, as the CLI gives them for the same inputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import CHEAP, CHEAP_WORDS, optimization_file

import pdtsim


def test_an_invalid_override_raises_with_the_cli_exit_code_and_message(cli) -> None:
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.simulate(set={"light.center_nm": "abc"})
    expected = cli("simulate", "--set", "light.center_nm=abc", check=False)
    assert raised.value.exit_code == expected.returncode == 3
    assert raised.value.message == expected.stderr.strip()
    assert raised.value.message.startswith("pdtsim: error: --set light.center_nm: 'abc' is not a number")
    assert str(raised.value).endswith("(exit code 3)")
    assert raised.value.command[1:] == ["simulate", "--set", "light.center_nm=abc", "--out", raised.value.command[-1]]


def test_an_unknown_flag_passed_through_is_a_usage_error() -> None:
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.simulate(set=CHEAP, colour="red")
    assert raised.value.exit_code == 2
    assert raised.value.message.startswith("pdtsim: error: Unknown option '--colour'")


def test_an_unknown_preset_and_a_bad_range(cli) -> None:
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.sweep({"light.center_nm": "1:2"}, set=CHEAP)
    expected = cli("sweep", "--vary", "light.center_nm=1:2", *CHEAP_WORDS, "--out", "/nonexistent/x.csv", check=False)
    assert (raised.value.exit_code, raised.value.message) == (3, expected.stderr.strip())
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.cohort("no-such-cohort")
    assert raised.value.exit_code == 3 and "no-such-cohort" in raised.value.message


def test_an_output_that_cannot_be_written(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.simulate(set=CHEAP, out=tmp_path / "notes.txt")
    expected = cli("simulate", *CHEAP_WORDS, "--out", tmp_path / "notes.txt", check=False)
    assert raised.value.exit_code == expected.returncode == 5
    assert raised.value.message == expected.stderr.strip()
    assert raised.value.message.startswith("pdtsim: error: cannot write") and "notes.txt" in raised.value.message
    assert raised.value.result is None
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_failed_sweep_points_raise_with_the_rows(cli, tmp_path: Path) -> None:
    # A step budget too small for the first session: every point ends with the solver's return code.
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.sweep({"light.center_nm": [410, 420]}, set={**CHEAP, "solver.max_steps": 5}, out=tmp_path / "s.csv")
    expected = cli("sweep", *CHEAP_WORDS, "--set", "solver.max_steps=5", "--vary", "light.center_nm=410,420",
                   "--quiet", "--out", tmp_path / "cli.csv", check=False)
    assert raised.value.exit_code == expected.returncode == 6
    assert raised.value.message == expected.stderr.strip().splitlines()[-1]
    rows = raised.value.result
    assert list(rows["status"]) == list(pd.read_csv(tmp_path / "cli.csv")["status"])
    assert (rows["status"] != "ok").all()


def test_an_infeasible_optimisation_raises_with_its_evaluations(in_tmp: Path, cli) -> None:
    file = optimization_file(in_tmp, constraints=[{"quantity": "mean_reduction_percent", "lower": 99}])
    with pytest.raises(pdtsim.PdtsimError) as raised:
        pdtsim.optimize(file.name)
    expected = cli("optimize", file.name, "--out", in_tmp / "cli", check=False)
    assert raised.value.exit_code == expected.returncode == 7
    assert raised.value.message == expected.stderr.strip().splitlines()[-1]
    assert len(raised.value.result.evaluations) == 3
    assert not (raised.value.result.path / "optimum.json").exists()

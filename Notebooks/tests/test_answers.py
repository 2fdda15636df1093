"""Notebooks/answers.py: the README's table is the committed answers.csv, and the script answers a tiny
fit the way the CLI does."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CHEAP, calibration_file

import pdtsim

NOTEBOOKS = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("answers", NOTEBOOKS / "answers.py")
answers = importlib.util.module_from_spec(SPEC)
sys.modules["answers"] = answers  # dataclasses look their module up there
SPEC.loader.exec_module(answers)

COMMITTED = NOTEBOOKS / "answers" / "answers.csv"


def test_the_readme_table_is_the_committed_answers() -> None:
    committed = pd.read_csv(COMMITTED)
    table = answers.markdown(committed)
    assert answers.readme_table(NOTEBOOKS.parent / "README.md") == table
    assert (NOTEBOOKS / "answers" / "answers.md").read_text() == table


def test_the_committed_answers_are_whole() -> None:
    committed = pd.read_csv(COMMITTED)
    expected = [
        (question.name, option.name, name)
        for question in answers.QUESTIONS
        for option in question.options
        for name in answers.OBSERVABLES
    ]
    assert list(zip(committed["question"], committed["option"], committed["observable"])) == expected
    assert (committed["low"] <= committed["estimate"] + 1e-9).all()
    assert (committed["estimate"] <= committed["high"] + 1e-9).all()
    references = committed[committed["option"] == committed["reference"]]
    assert (references[["difference", "difference_low", "difference_high"]] == 0).all().all()
    assert not references["placed"].any()


@pytest.mark.parametrize(
    ("observable", "low", "high", "expected"),
    [
        ("pore_reduction_percent", -2.0, 3.0, False),  # the band holds 0: either order
        ("pore_reduction_percent", 0.1, 0.4, False),  # always the same answer, within 0.5 %-points
        ("pore_reduction_percent", 0.1, 6.0, False),  # one side, but down to 0.1 at some vector
        ("pore_reduction_percent", 0.5, 6.0, True),
        ("pore_reduction_percent", -4.0, -1.0, True),
        ("sebum_relative", -0.004, -0.001, False),
        ("sebum_relative", 1e-9, 0.05, False),  # 0 to rounding: a saturated dose-response
        ("inflammatory_lesions_relative", -0.2, -0.05, True),
    ],
)
def test_a_difference_is_placed_when_its_whole_band_lies_on_one_side_beyond_the_negligible(
    observable: str, low: float, high: float, expected: bool
) -> None:
    assert answers.placed(observable, low, high) is expected


def test_paste_replaces_only_the_text_between_the_markers(tmp_path: Path) -> None:
    begin, end = answers.MARKERS
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nabove\n{begin}\nold table\n{end}\nbelow\n")
    answers.paste(readme, "| new |\n")
    assert readme.read_text() == f"# title\n\nabove\n{begin}\n| new |\n{end}\nbelow\n"
    assert answers.readme_table(readme) == "| new |\n"


def test_paste_refuses_a_readme_without_the_markers_and_leaves_it(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# title\nno markers\n")
    with pytest.raises(answers.InputError, match=r"README.md: expected the line '<!-- answers: begin"):
        answers.paste(readme, "| new |\n")
    assert readme.read_text() == "# title\nno markers\n"
    assert [path.name for path in tmp_path.iterdir()] == ["README.md"]


def test_a_folder_without_profiles_is_refused_naming_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fit = pdtsim.calibrate(calibration_file(tmp_path), out=tmp_path / "fit", quiet=True)
    code = answers.main(["--fit", str(fit.path), "--out", str(tmp_path / "answers"), "--question", "1"])
    assert code == 3
    error = capsys.readouterr().err
    assert "fit: no profiles.csv; expected the output of `pdtsim calibrate" in error
    assert not (tmp_path / "answers").exists()


def test_a_tiny_fit_is_answered_as_the_cli_simulates_it(tmp_path: Path, cli) -> None:
    """One parameter (r_max) fitted to three made-up points with profiles, then question 1 (blue or red)
    with cheap settings: the typical subject (the fit has no cohort), at the estimate and at the two ends
    of the profile's 95 % region."""
    fit = pdtsim.calibrate(calibration_file(tmp_path), profiles=True, out=tmp_path / "fit", quiet=True)
    begin, end = answers.MARKERS
    readme = tmp_path / "README.md"
    readme.write_text(f"top\n{begin}\n{end}\n")
    cheap = [word for key, value in CHEAP.items() for word in ("--set", f"{key}={value}")]
    arguments = ["--fit", str(fit.path), "--out", str(tmp_path / "answers"), "--question", "1", "--paste"]
    assert answers.main([*arguments, "--readme", str(readme), *cheap]) == 0

    table = pd.read_csv(tmp_path / "answers" / "answers.csv")
    assert list(table["option"].unique()) == [option.name for option in answers.QUESTIONS[0].options]
    assert (table["vectors"] == 3).all() and (table["cohort"] == "typical subject").all()
    assert answers.readme_table(readme) == answers.markdown(table)

    # The estimate row is pdtsim's own simulation with the fitted response file.
    estimate = float(fit.parameters.set_index("parameter").at["response.reduction_max", "estimate"])
    profile = fit.profiles
    inside = profile[profile["converged"].astype(bool) & (profile["delta_deviance"] <= answers.THRESHOLD)]
    for protocol, option in (("allumera-blue", 0), ("allumera-red", 1)):
        run = tmp_path / f"cli-{protocol}"
        cli("simulate", "--protocol", protocol, "--set", f"response={fit.path / 'response.json'}",
            "--set", f"response.reduction_max={estimate!r}", *cheap, "--out", run, "--quiet")
        timeline = pd.read_csv(run / "timeline.csv").set_index("day")
        row = table[(table["option"] == answers.QUESTIONS[0].options[option].name)].set_index("observable")
        for name in answers.OBSERVABLES:
            assert row.at[name, "estimate"] == pytest.approx(timeline.at[150, name], rel=1e-5, abs=1e-9)
        # r_max scales the pore reduction: its band is the runs at the profile region's ends.
        low, high = inside["value"].min(), inside["value"].max()
        assert row.at["pore_reduction_percent", "low"] < row.at["pore_reduction_percent", "estimate"]
        assert row.at["pore_reduction_percent", "high"] > row.at["pore_reduction_percent", "estimate"]
        ratio = row.at["pore_reduction_percent", "high"] / row.at["pore_reduction_percent", "low"]
        assert ratio == pytest.approx(high / low, rel=0.02)
    summary = json.loads((fit.path / "fit.json").read_text())
    assert summary["parameters"][0]["name"] == "response.reduction_max"

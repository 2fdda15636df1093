"""Units from the column names and sidecars, attribute-safe names, and Python values as flags."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import CHEAP

import pdtsim
from pdtsim._arguments import flags, overrides, text, variations


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("dose_sebaceous_uM", "uM"),
        ("session1_incident_fluence_J_per_cm2", "J/cm2"),
        ("light.irradiance_mW_per_cm2", "mW/cm2"),
        ("kinetics.synthesis_epidermis_uM_per_s", "uM/s"),
        ("excitation_per_s_per_mW_per_cm2", "(1/s)/(mW/cm2)"),
        ("mua_per_cm", "1/cm"),
        ("reduction_on_day_150_percent", "%"),
        ("pore_reduction_percent_q97.5", "%"),
        ("pore_reduction_percent_sd", "%"),
        ("fluence_factor_at_0.1mm", None),
        ("fluence_factor_at_0.1mm_mc", None),
        ("penetration_depth_mm", "mm"),
        ("time_h", "h"),
        ("time_s", "s"),
        ("day", "d"),
        ("peak_day", "d"),
        ("effect_duration_days", "d"),
        ("photosensitivity_hours", "h"),
        ("sessions_per_year", "1/year"),
        ("status", None),
        ("sessions", None),
        ("days_at_or_above_target", None),
        ("skin", None),
    ],
)
def test_units_from_column_names(name: str, unit: str | None) -> None:
    assert pdtsim.column_unit(name) == unit


def test_known_units_come_before_the_name() -> None:
    assert pdtsim.column_unit("skin.blood_fraction", {"skin.blood_fraction": "1"}) == "1"
    assert pdtsim.column_unit("skin.blood_fraction") is None


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("skin.epidermis_thickness_cm", "skin_epidermis_thickness_cm"),
        ("q2.5", "q2_5"),
        ("pore_reduction_percent_q97.5", "pore_reduction_percent_q97_5"),
        ("fluence_factor_at_0.1mm", "fluence_factor_at_0_1mm"),
        ("2nd", "_2nd"),
        ("lambda", "lambda_"),
        ("dose_uM", "dose_uM"),
    ],
)
def test_safe_names(name: str, safe: str) -> None:
    assert pdtsim.safe_name(name) == safe
    assert safe.isidentifier()


def test_safe_names_in_the_results_keep_the_files_and_the_units(tmp_path: Path) -> None:
    run = pdtsim.cohort(set=CHEAP, subjects=3, seed=1, safe_names=True, out=tmp_path / "cohort")
    assert run.bands.pore_reduction_percent_q2_5.notna().all()
    assert run.bands.attrs["units"]["pore_reduction_percent_q2_5"] == "%"
    assert run.bands.attrs["original_names"]["pore_reduction_percent_q2_5"] == "pore_reduction_percent_q2.5"
    assert run.subjects.skin_epidermis_thickness_cm.gt(0).all()
    assert "skin.epidermis_thickness_cm" in (tmp_path / "cohort" / "subjects.csv").read_text().splitlines()[0]
    plain = pdtsim.read_csv(tmp_path / "cohort" / "bands.csv")
    safe = pdtsim.read_csv(tmp_path / "cohort" / "bands.csv", safe_names=True)
    np.testing.assert_array_equal(safe.to_numpy(), plain.to_numpy())
    assert [pdtsim.safe_name(name) for name in plain.columns] == list(safe.columns)


def test_two_columns_that_would_share_a_safe_name_are_refused() -> None:
    import pandas as pd

    with pytest.raises(ValueError, match=r"columns 'a.b' and 'a_b' both become 'a_b'"):
        pdtsim.with_safe_names(pd.DataFrame({"a.b": [1], "a_b": [2]}))


def test_values_as_pdtsim_reads_them() -> None:
    assert [text(v) for v in (True, False, 10, 10.0, 0.1, 1e-5, np.float64(2.5), np.int64(3), Path("a/b"))] == [
        "true", "false", "10", "10", "0.1", "1e-05", "2.5", "3", "a/b"]
    assert overrides({"light.center_nm": 633, "skin": "fitzpatrick-5-6"}) == [
        "--set", "light.center_nm=633", "--set", "skin=fitzpatrick-5-6"]
    assert overrides(["a.b=1"]) == overrides("a.b=1") == ["--set", "a.b=1"]
    assert variations({"skin": ("x", "y"), "light.center_nm": "400:700:1", "light.fwhm_nm": np.array([0.0, 2.5])}) == [
        "--vary", "skin=x,y", "--vary", "light.center_nm=400:700:1", "--vary", "light.fwhm_nm=0,2.5"]
    assert flags(jobs=2, zip=True, resume=False, shard=None, mc_step_nm=0, set=["a", "b"]) == [
        "--jobs", "2", "--zip", "--mc-step-nm", "0", "--set", "a", "--set", "b"]

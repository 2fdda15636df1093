"""Each function against the CLI's own files for the same inputs: the same bytes, the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import (
    CHEAP,
    CHEAP_WORDS,
    MODELS,
    calibration_file,
    optimization_file,
    read_json,
    same_folder,
    same_frame,
)

import pdtsim


def test_simulate_writes_what_the_cli_writes(cli, tmp_path: Path) -> None:
    overrides = {**CHEAP, "light.center_nm": 633}
    result = pdtsim.simulate(protocol="allumera-blue", set=overrides)
    cli("simulate", "--protocol", "allumera-blue", *CHEAP_WORDS, "--set", "light.center_nm=633", "--quiet",
        "--out", tmp_path / "cli")
    same_folder(result.path, tmp_path / "cli")
    for name in ("timeline", "sessions", "depth", "session_trace"):
        same_frame(getattr(result, name), tmp_path / "cli" / f"{name}.csv")
    assert result.summary == read_json(tmp_path / "cli" / "summary.json")
    assert result.protocol == read_json(tmp_path / "cli" / "protocol.json")
    assert result.summary["protocol"]["light"]["parameters"]["center_nm"]["value"] == 633
    assert result.sessions.attrs["units"]["dose_sebaceous_uM"] == "uM"
    assert result.timeline.attrs["units"] == {"day": "d", "pore_reduction_percent": "%"}
    assert result.session_trace.attrs["units"]["time_h"] == "h"


def test_simulate_out_is_the_folder_and_a_temporary_one_lives_with_the_result(tmp_path: Path) -> None:
    kept = pdtsim.simulate(set=CHEAP, out=tmp_path / "run", quiet=True)
    assert kept.path == tmp_path / "run" and (tmp_path / "run" / "summary.json").is_file()
    assert kept.stdout == ""
    temporary = pdtsim.simulate(set=CHEAP)
    folder = temporary.path
    assert folder.is_dir() and "wrote" in temporary.stdout
    del temporary
    assert not folder.exists()
    again = pdtsim.SimulationResult(tmp_path / "run")
    pd.testing.assert_frame_equal(again.timeline, kept.timeline)
    assert pdtsim.SimulationResult.existing(tmp_path / "run") is not None
    assert pdtsim.SimulationResult.existing(tmp_path / "nothing") is None


def test_sweep_product_and_zip(cli, tmp_path: Path) -> None:
    vary = {"skin": ["fitzpatrick-1-2", "fitzpatrick-5-6"], "light.center_nm": "410:420:10"}
    rows = pdtsim.sweep(vary, "allumera-blue", CHEAP, jobs=2, out=tmp_path / "ours.csv")
    cli("sweep", "--protocol", "allumera-blue", *CHEAP_WORDS, "--vary", "skin=fitzpatrick-1-2,fitzpatrick-5-6",
        "--vary", "light.center_nm=410:420:10", "--jobs", "1", "--quiet", "--out", tmp_path / "cli.csv")
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    same_frame(rows, tmp_path / "cli.csv")
    assert rows.attrs["units"]["light.center_nm"] == "nm"
    assert rows.attrs["sidecar"]["sweep"]["points"] == 4
    assert rows.attrs["path"] == str(tmp_path / "ours.csv")

    zipped = pdtsim.sweep({"light.center_nm": [400, 633.5], "light.fwhm_nm": [0, 10]}, set=CHEAP, zip=True)
    cli("sweep", *CHEAP_WORDS, "--vary", "light.center_nm=400,633.5", "--vary", "light.fwhm_nm=0,10", "--zip",
        "--quiet", "--out", tmp_path / "zip.csv")
    same_frame(zipped, tmp_path / "zip.csv")
    assert zipped.attrs["path"] is None and len(zipped) == 2


def test_maintenance(cli, tmp_path: Path) -> None:
    study = pdtsim.maintenance([0, 45], set=CHEAP, horizon=200, target=35, jobs=1)
    cli("maintenance", *CHEAP_WORDS, "--intervals", "0,45", "--horizon", "200", "--target", "35", "--quiet",
        "--out", tmp_path / "cli")
    same_folder(study.path, tmp_path / "cli")
    same_frame(study.table, tmp_path / "cli" / "maintenance.csv")
    same_frame(study.timelines, tmp_path / "cli" / "maintenance_timelines.csv")
    assert study.protocol["schedule"]["parameters"]["horizon_days"]["value"] == 200
    assert study.table.attrs["units"]["maintenance_interval_days"] == "d"


def test_cohort(cli, tmp_path: Path) -> None:
    run = pdtsim.cohort("facial-skin-population", set=CHEAP, subjects=5, seed=11, jobs=2)
    cli("cohort", "--cohort", "facial-skin-population", *CHEAP_WORDS, "--subjects", "5", "--seed", "11", "--quiet",
        "--out", tmp_path / "cli")
    same_folder(run.path, tmp_path / "cli")
    same_frame(run.subjects, tmp_path / "cli" / "subjects.csv")
    same_frame(run.bands, tmp_path / "cli" / "bands.csv")
    assert run.summary == read_json(tmp_path / "cli" / "summary.json")
    assert run.subjects.attrs["units"]["skin.epidermis_thickness_cm"] == "cm"
    assert run.subjects.attrs["units"]["skin.blood_fraction"] == "1"  # from the sidecar's base protocol
    assert run.bands.attrs["units"]["pore_reduction_percent_q97.5"] == "%"


def test_sensitivity(cli, tmp_path: Path) -> None:
    run = pdtsim.sensitivity("morris", set=CHEAP, samples=2, seed=4,
                             readouts=["mean_reduction_percent", "session1_dose_sebaceous_uM"])
    cli("sensitivity", "--method", "morris", *CHEAP_WORDS, "--samples", "2", "--seed", "4", "--readouts",
        "mean_reduction_percent,session1_dose_sebaceous_uM", "--quiet", "--out", tmp_path / "cli")
    same_folder(run.path, tmp_path / "cli")
    same_frame(run.indices, tmp_path / "cli" / "indices.csv")
    same_frame(run.design, tmp_path / "cli" / "design.csv")
    assert set(run.indices["readout"]) == {"mean_reduction_percent", "session1_dose_sebaceous_uM"}


def test_calibrate(cli, in_tmp: Path) -> None:
    file = calibration_file(in_tmp)
    fit = pdtsim.calibrate(file.name, profiles=True, jobs=1)
    cli("calibrate", file.name, "--profiles", "--quiet", "--out", in_tmp / "cli")
    same_folder(fit.path, in_tmp / "cli")
    for name in ("parameters", "residuals", "predictions", "profiles"):
        same_frame(getattr(fit, name), in_tmp / "cli" / f"{name}.csv")
    assert fit.fit == read_json(in_tmp / "cli" / "fit.json")
    assert fit.sections["response"] == read_json(in_tmp / "cli" / "response.json")
    assert fit.parameters.attrs["parameter_units"] == {"response.reduction_max": "1"}
    assert fit.profiles.attrs["units"]["response.reduction_max"] == "1"
    assert "start 1/1" in fit.stderr  # calibrate's own status lines, kept
    assert pdtsim.calibrate(file, out=in_tmp / "plain").profiles is None  # no profiles.csv without --profiles


def test_calibrate_cross_validate(cli, in_tmp: Path) -> None:
    file = calibration_file(in_tmp)
    calibration = read_json(file)
    calibration["arms"]["red"] = {"protocol": "allumera-red"}
    file.write_text(json.dumps(calibration))
    with (in_tmp / "tiny.csv").open("a") as rows:
        rows.write("red,30,pore_reduction_percent,2.0,3.0,10\nred,60,pore_reduction_percent,9.0,3.0,10\n")
    folds = pdtsim.calibrate(file.name, cross_validate=True, jobs=1)
    cli("calibrate", file.name, "--cross-validate", "--quiet", "--out", in_tmp / "cli")
    same_folder(folds.path, in_tmp / "cli")
    same_frame(folds.cross_validation, in_tmp / "cli" / "cross_validation.csv")
    assert list(folds.cross_validation["study"]) == ["blue"] * 3 + ["red"] * 2
    assert folds.cross_validation_summary == read_json(in_tmp / "cli" / "cross_validation.json")
    assert folds.sections == {}
    assert pdtsim.calibrate(file, out=in_tmp / "plain").cross_validation is None


def test_optimize(cli, in_tmp: Path) -> None:
    file = optimization_file(in_tmp)
    best = pdtsim.optimize(file.name, pareto="minimize:sessions_per_year", points=3)
    cli("optimize", file.name, "--pareto", "minimize:sessions_per_year", "--points", "3", "--quiet",
        "--out", in_tmp / "cli")
    same_folder(best.path, in_tmp / "cli")
    same_frame(best.evaluations, in_tmp / "cli" / "evaluations.csv")
    same_frame(best.pareto, in_tmp / "cli" / "pareto.csv")
    assert best.optimum == read_json(in_tmp / "cli" / "optimum.json")
    assert best.optimum_protocol == read_json(in_tmp / "cli" / "optimum-protocol.json")
    assert best.evaluations.attrs["units"]["schedule.maintenance_interval_days"] == "d"


def test_transport(cli, tmp_path: Path) -> None:
    medium = MODELS / "media" / "mcml-three-layer.json"
    run = pdtsim.transport(medium, photons=3000, seed=7, bins=12, bin_cm=0.03, jobs=2)
    cli("transport", "--medium", medium, "--photons", "3000", "--seed", "7", "--bins", "12", "--bin-cm", "0.03",
        "--quiet", "--out", tmp_path / "cli")
    same_folder(run.path, tmp_path / "cli")
    same_frame(run.fluence, tmp_path / "cli" / "fluence.csv")
    assert run.summary == read_json(tmp_path / "cli" / "summary.json")
    assert run.fluence.attrs["units"] == {"depth_cm": "cm"}


def test_optics(cli, tmp_path: Path) -> None:
    table = pdtsim.optics(skin="fitzpatrick-3-4", wavelengths=[405, 633], depths_mm=[0.2, 1.0],
                          optics_model="both", photons=2000, mc_step_nm=0, seed=3, no_cache=True)
    cli("optics", "--skin", "fitzpatrick-3-4", "--wavelengths", "405,633", "--depths-mm", "0.2,1",
        "--optics-model", "both", "--photons", "2000", "--mc-step-nm", "0", "--seed", "3", "--no-cache", "--quiet",
        "--out", tmp_path / "cli.csv")
    same_frame(table, tmp_path / "cli.csv")
    assert "fluence_factor_at_1mm_mc" in table.columns
    assert table.attrs["units"]["penetration_depth_mm"] == "mm"
    assert "fluence_factor_at_1mm_ratio_diffusion_to_mc" not in table.attrs["units"]
    assert table.attrs["sidecar"]["skin"] == "fitzpatrick-3-4"

    adaptive = pdtsim.optics(wavelengths=[417, 418], depths_mm=[0.2], optics_model="monte_carlo",
                             target_rse=0.2, seed=2, no_cache=True)
    cli("optics", "--wavelengths", "417,418", "--depths-mm", "0.2", "--optics-model", "monte_carlo",
        "--target-rse", "0.2", "--seed", "2", "--no-cache", "--quiet", "--out", tmp_path / "adaptive.csv")
    same_frame(adaptive, tmp_path / "adaptive.csv")

    spectrum = pdtsim.optics("allumera-red", {"skin": "fitzpatrick-5-6"}, wavelengths="600:620:5",
                             out=tmp_path / "ours.csv")
    cli("optics", "--protocol", "allumera-red", "--set", "skin=fitzpatrick-5-6", "--wavelengths", "600:620:5",
        "--quiet", "--out", tmp_path / "cli2.csv")
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "cli2.csv").read_bytes()


def test_show_and_presets(cli) -> None:
    resolved = pdtsim.show("allumera-red", {"light.irradiance_mW_per_cm2": 50})
    assert resolved == json.loads(cli("show", "--protocol", "allumera-red", "--set",
                                      "light.irradiance_mW_per_cm2=50", "--json").stdout)
    everything = pdtsim.presets()
    listing = cli("list").stdout
    assert len(everything) > 10
    for row in everything.itertuples():
        assert f"  {row.name} " in listing and row.description in listing
    skins = pdtsim.presets("skins")
    assert list(skins["name"]) == ["fitzpatrick-1-2", "fitzpatrick-3-4", "fitzpatrick-5-6"]
    assert list(pdtsim.presets("skin")["name"]) == list(skins["name"])
    with pytest.raises(ValueError, match="unknown kind 'colours'"):
        pdtsim.presets("colours")


def test_validate_and_merge(cli, tmp_path: Path) -> None:
    assert pdtsim.validate(MODELS / "protocols" / "allumera-blue.json") == cli(
        "validate", MODELS / "protocols" / "allumera-blue.json").stdout
    parts = [
        pdtsim.sweep({"light.center_nm": "400:430:10"}, set=CHEAP, shard=(index, 2), out=tmp_path / f"part{index}.csv")
        for index in range(2)
    ]
    assert [len(part) for part in parts] == [2, 2]
    merged = pdtsim.merge([tmp_path / "part0.csv", tmp_path / "part1.csv"], tmp_path / "merged.csv", quiet=True)
    whole = pdtsim.sweep({"light.center_nm": "400:430:10"}, set=CHEAP, out=tmp_path / "whole.csv")
    pd.testing.assert_frame_equal(merged, whole, check_exact=True)
    assert (tmp_path / "merged.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_merge_of_cohort_shards_gives_the_unsharded_folder(tmp_path: Path) -> None:
    for index in range(2):
        pdtsim.cohort(set=CHEAP, subjects=4, seed=9, shard=f"{index}/2", out=tmp_path / f"shard{index}")
    merged = pdtsim.merge([tmp_path / "shard0", tmp_path / "shard1"], tmp_path / "merged")
    whole = pdtsim.cohort(set=CHEAP, subjects=4, seed=9, out=tmp_path / "whole")
    assert isinstance(merged, pdtsim.CohortResult)
    same_folder(merged.path, whole.path)
    pd.testing.assert_frame_equal(merged.bands, whole.bands, check_exact=True)

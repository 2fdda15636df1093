"""One function per pdtsim command. Each keyword is the command's flag of the same name (``_`` for ``-``);
keywords a function does not name are passed on as flags the same way (see ``pdtsim._arguments.flags``)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from ._arguments import NameOrPath, Overrides, absolute, flags, listed, overrides, path_text, text, variations
from ._arguments import shard as shard_text
from ._read import read_csv
from ._results import (
    CalibrationResult,
    CohortResult,
    MaintenanceResult,
    OptimizationResult,
    Output,
    SensitivityResult,
    SimulationResult,
    TransportResult,
)
from ._run import Completed, PdtsimError, run

#: Exit codes after which pdtsim has written its output (6: some points failed; 7: optimize infeasible,
#: evaluations.csv only; 8: optimize --check-grid found a better grid point): the error carries it.
OUTPUT_WRITTEN = frozenset({6, 7, 8})

R = TypeVar("R", bound=Output)


def _progress(progress: bool | None, quiet: bool) -> bool:
    return (not quiet) if progress is None else progress


def _folder(
    words: list[str],
    result: type[R],
    name: str,
    out: str | os.PathLike[str] | None,
    *,
    quiet: bool,
    progress: bool | None,
    safe_names: bool,
    env: Mapping[str, str] | None,
) -> R:
    """Runs a command that writes a folder into ``out`` (or a temporary folder kept by the result)."""
    temporary = None
    if out is None:
        temporary = tempfile.TemporaryDirectory(prefix="pdtsim-")
        path = Path(temporary.name) / name
    else:
        path = absolute(out)
    arguments = [*words, "--out", str(path), *(["--quiet"] if quiet else [])]
    try:
        completed = run(arguments, progress=_progress(progress, quiet), env=env)
    except PdtsimError as error:
        if error.exit_code in OUTPUT_WRITTEN and path.is_dir():
            error.result = result(
                path, safe_names=safe_names, command=error.command, stderr=error.stderr, temporary=temporary
            )
        raise
    return result(
        path,
        safe_names=safe_names,
        command=completed.command,
        stdout=completed.stdout,
        stderr=completed.stderr,
        temporary=temporary,
    )


def _table(
    words: list[str],
    name: str,
    out: str | os.PathLike[str] | None,
    *,
    quiet: bool,
    progress: bool | None,
    safe_names: bool,
    env: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Runs a command that writes one CSV file (and its sidecar) into ``out``, and reads it. With
    ``out=None`` the file is written to a temporary folder, read, and removed."""
    with tempfile.TemporaryDirectory(prefix="pdtsim-") as folder:
        path = Path(folder) / name if out is None else absolute(out)
        arguments = [*words, "--out", str(path), *(["--quiet"] if quiet else [])]
        try:
            run(arguments, progress=_progress(progress, quiet), env=env)
        except PdtsimError as error:
            if error.exit_code in OUTPUT_WRITTEN and path.is_file():
                error.result = _read_table(path, safe_names, keep_path=out is not None)
            raise
        return _read_table(path, safe_names, keep_path=out is not None)


def _read_table(path: Path, safe_names: bool, keep_path: bool) -> pd.DataFrame:
    frame = read_csv(path, safe_names=safe_names)
    if not keep_path:
        frame.attrs["path"] = None
    return frame


def _protocol_words(protocol: NameOrPath | None, set: Overrides, models: NameOrPath | None) -> list[str]:
    return flags(protocol=path_text(protocol), models=path_text(models)) + overrides(set)


def simulate(
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    out: str | os.PathLike[str] | None = None,
    models: NameOrPath | None = None,
    *,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> SimulationResult:
    """Simulate a protocol's sessions and the months-long response: ``pdtsim simulate``.

    Parameters
    ----------
    protocol
        A protocol preset name or file (``--protocol``; default: pdtsim's, allumera-blue).
    set
        Overrides (``--set``, repeated in order): a mapping ``{"light.center_nm": 633, "skin":
        "fitzpatrick-5-6"}``, a list of ``"KEY=VALUE"`` strings or one such string. Values in the unit
        the key's name gives.
    out
        The output folder (``--out``). None: a temporary folder that lives as long as the result.
    models
        The model folder (``--models``; default: ``$PDTSIM_MODELS``, else the build's Models/).
    quiet
        Pass ``--quiet`` (pdtsim prints nothing, so no progress is shown).
    progress
        Show pdtsim's progress (default: unless ``quiet``).
    safe_names
        Attribute-safe column names in the result's DataFrames (see ``pdtsim.read_csv``).
    env
        Extra environment variables for pdtsim.
    **options
        Further flags, passed on as ``--name value`` (``jobs=2`` → ``--jobs 2``).

    Returns
    -------
    SimulationResult
        ``.summary``, ``.protocol`` (dicts), ``.timeline``, ``.sessions``, ``.depth``,
        ``.session_trace`` (DataFrames, units in ``.attrs["units"]``) and ``.path``.

    Raises
    ------
    PdtsimError
        pdtsim's exit code and one-line message (3: an invalid protocol or override, 4: an
        integration failed, 5: the output folder is not pdtsim's).

    Examples
    --------
    >>> red = pdtsim.simulate(set={"light.center_nm": 633})
    >>> red.summary["reduction_on_day_150_percent"]
    """
    words = ["simulate", *_protocol_words(protocol, set, models), *flags(**options)]
    return _folder(
        words, SimulationResult, "simulate", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env
    )


def sweep(
    vary: Mapping[str, Any] | Iterable[str],
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    *,
    zip: bool = False,
    jobs: int | None = None,
    shard: str | tuple[int, int] | None = None,
    resume: bool = False,
    force: bool = False,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Run a protocol over a grid of parameter values: ``pdtsim sweep``.

    Parameters
    ----------
    vary
        The varied keys (``--vary KEY=SPEC``, in order; the last varies fastest): a mapping KEY →
        ``"start:stop:step"`` (inclusive), ``"a,b,c"`` or a list of values (``[400, 417, 635]``,
        ``["fitzpatrick-1-2", "fitzpatrick-5-6"]``), or ``"KEY=SPEC"`` strings.
    protocol, set, models
        As for ``simulate``.
    zip
        ``--zip``: run the lists side by side (equal lengths) instead of their product.
    jobs
        ``--jobs``: worker threads (default: the active processors); the rows are the same for any.
    shard
        ``--shard I/N`` as ``"I/N"`` or ``(I, N)``.
    resume, force
        ``--resume`` (continue ``FILE.csv.partial``), ``--force`` (replace a file pdtsim did not write).
    out
        The CSV file (``--out``), its sidecar ``FILE.csv.json`` next to it. None: written to a
        temporary folder and read.
    quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    pandas.DataFrame
        One row per point: index, the varied keys, status, the protocol and first-session
        readouts. ``attrs["units"]``, ``attrs["sidecar"]`` (definition, resolved base protocol,
        versions), ``attrs["path"]`` (None for ``out=None``).

    Raises
    ------
    PdtsimError
        Exit 6 when some points failed: ``error.result`` holds the rows (failed ones with their
        status and empty readouts). Exit 3 for a bad spec or value, before anything runs.
    """
    words = [
        "sweep",
        *_protocol_words(protocol, set, models),
        *variations(vary),
        *flags(zip=zip, jobs=jobs, shard=shard_text(shard), resume=resume, force=force, **options),
    ]
    return _table(words, "sweep.csv", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env)


def maintenance(
    intervals: Sequence[float] | str | None = None,
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    *,
    horizon: float | None = None,
    target: float | None = None,
    jobs: int | None = None,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> MaintenanceResult:
    """Compare maintenance intervals: ``pdtsim maintenance``.

    Parameters
    ----------
    intervals
        Days between maintenance sessions, 0 = none (``--intervals``, a list or ``"0,30,60"``;
        default: pdtsim's, 0,30,60,90,120,180).
    protocol, set, models
        As for ``simulate``.
    horizon
        ``--horizon``: days to follow the response (default: the protocol's).
    target
        ``--target``: target pore reduction in % (default: the protocol's).
    jobs
        ``--jobs``: worker threads.
    out, quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    MaintenanceResult
        ``.table`` (maintenance.csv), ``.timelines``, ``.protocol``, ``.path``.
    """
    words = [
        "maintenance",
        *_protocol_words(protocol, set, models),
        *flags(
            intervals=None if intervals is None else listed(intervals),
            horizon=horizon,
            target=target,
            jobs=jobs,
            **options,
        ),
    ]
    return _folder(
        words, MaintenanceResult, "maintenance", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env
    )


def cohort(
    cohort: NameOrPath | None = None,
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    *,
    subjects: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    shard: str | tuple[int, int] | None = None,
    resume: bool = False,
    force: bool = False,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> CohortResult:
    """Run a virtual cohort: ``pdtsim cohort``.

    Parameters
    ----------
    cohort
        A cohort preset name or file (``--cohort``; default: facial-skin-population).
    protocol
        The base protocol (``--protocol``; default: the cohort file's own).
    set, models
        As for ``simulate``.
    subjects, seed
        ``--subjects``, ``--seed`` (default: the cohort file's).
    jobs, shard, resume, force
        As for ``sweep`` (``--force`` replaces ``DIR.partial/subjects.csv``).
    out, quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    CohortResult
        ``.subjects``, ``.bands`` (DataFrames), ``.summary`` (dict), ``.path``.

    Raises
    ------
    PdtsimError
        Exit 6 when some subjects failed (``error.result`` holds the folder).
    """
    words = [
        "cohort",
        *flags(cohort=path_text(cohort)),
        *_protocol_words(protocol, set, models),
        *flags(subjects=subjects, seed=seed, jobs=jobs, shard=shard_text(shard), resume=resume, force=force, **options),
    ]
    return _folder(words, CohortResult, "cohort", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env)


def sensitivity(
    method: str,
    cohort: NameOrPath | None = None,
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    *,
    samples: int | None = None,
    seed: int | None = None,
    readouts: Sequence[str] | str | None = None,
    jobs: int | None = None,
    shard: str | tuple[int, int] | None = None,
    resume: bool = False,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> SensitivityResult:
    """Global sensitivity analysis over a cohort's inputs: ``pdtsim sensitivity``.

    Parameters
    ----------
    method
        ``"sobol"`` or ``"morris"`` (``--method``).
    cohort, protocol, set, models
        As for ``cohort``.
    samples
        ``--samples``: Sobol base rows or Morris trajectories (default 64 / 20).
    seed
        ``--seed`` (default: the cohort file's).
    readouts
        ``--readouts``: columns of design.csv to analyse (a list or a comma string).
    jobs, shard, resume
        As for ``sweep``.
    out, quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    SensitivityResult
        ``.indices``, ``.design`` (DataFrames), ``.path``.
    """
    words = [
        "sensitivity",
        *flags(method=method, cohort=path_text(cohort)),
        *_protocol_words(protocol, set, models),
        *flags(
            samples=samples,
            seed=seed,
            readouts=None if readouts is None else listed(readouts),
            jobs=jobs,
            shard=shard_text(shard),
            resume=resume,
            **options,
        ),
    ]
    return _folder(
        words, SensitivityResult, "sensitivity", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env
    )


def calibrate(
    file: str | os.PathLike[str],
    *,
    profiles: bool = False,
    jobs: int | None = None,
    synthesize: int | None = None,
    coverage: int | None = None,
    cross_validate: bool = False,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> CalibrationResult:
    """Fit model parameters to measurements: ``pdtsim calibrate FILE``.

    Parameters
    ----------
    file
        The calibration file (kind "calibration").
    profiles
        ``--profiles``: likelihood profiles, profile intervals and identifiability.
    jobs
        ``--jobs``: worker threads.
    synthesize
        ``--synthesize SEED``: write synthetic measurements instead of fitting (``.measurements``).
    coverage
        ``--coverage N``: fit N synthetic data sets and write the coverage (``.coverage``).
    cross_validate
        ``--cross-validate``: refit without each study in turn and predict it, instead of the fit's files
        (``.cross_validation``, ``.cross_validation_summary``).
    models, out, quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    CalibrationResult
        ``.parameters``, ``.residuals``, ``.predictions``, ``.profiles`` (DataFrames; ``.profiles`` is None
        unless ``profiles=True``), ``.fit`` (dict), ``.sections`` (the fitted sections' model
        files), ``.path``.
    """
    words = [
        "calibrate",
        text(file),
        *flags(
            models=path_text(models),
            jobs=jobs,
            profiles=profiles,
            synthesize=synthesize,
            coverage=coverage,
            cross_validate=cross_validate,
            **options,
        ),
    ]
    return _folder(
        words, CalibrationResult, "calibrate", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env
    )


def optimize(
    file: str | os.PathLike[str],
    *,
    pareto: str | None = None,
    points: int | None = None,
    check_grid: int | None = None,
    jobs: int | None = None,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> OptimizationResult:
    """Find the best protocol under constraints: ``pdtsim optimize FILE``.

    Parameters
    ----------
    file
        The optimisation file (kind "optimization").
    pareto
        ``--pareto``: a second objective, ``"minimize:QUANTITY"`` or ``"maximize:QUANTITY"``.
    points
        ``--points``: points of the Pareto front (default 5).
    check_grid
        ``--check-grid N``: afterwards, a brute-force grid of N values per continuous variable.
    jobs
        ``--jobs``: worker threads.
    models, out, quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    OptimizationResult
        ``.optimum``, ``.optimum_protocol`` (dicts), ``.evaluations``, ``.pareto`` (DataFrames; pareto
        None without ``pareto``), ``.path``.

    Raises
    ------
    PdtsimError
        Exit 7 when no point meets every constraint: ``error.result.evaluations`` holds every point
        tried.
    """
    words = [
        "optimize",
        text(file),
        *flags(models=path_text(models), jobs=jobs, pareto=pareto, points=points, check_grid=check_grid, **options),
    ]
    return _folder(
        words, OptimizationResult, "optimize", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env
    )


def transport(
    medium: str | os.PathLike[str],
    *,
    photons: int | None = None,
    target_rse: float | None = None,
    rse_quantity: str | None = None,
    max_photons: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    bins: int | None = None,
    bin_cm: float | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> TransportResult:
    """Monte Carlo light transport in a layered medium: ``pdtsim transport``.

    Parameters
    ----------
    medium
        The medium model file (``--medium``; kind "medium", see Models/media/).
    photons
        ``--photons``: packets to launch (default 1000000).
    target_rse, rse_quantity, max_photons
        ``--target-rse R``: launch until the relative standard error of ``--rse-quantity``
        (diffuse_reflectance, transmittance, absorbed_fraction) is at most R, at most
        ``--max-photons``.
    seed
        ``--seed`` (default 1).
    jobs
        ``--jobs``; the results are the same for any.
    bins, bin_cm
        ``--bins`` (default 100), ``--bin-cm``: the fluence depth bins.
    out, quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    TransportResult
        ``.summary`` (dict), ``.fluence`` (DataFrame), ``.path``.
    """
    words = [
        "transport",
        *flags(
            medium=path_text(medium),
            photons=photons,
            target_rse=target_rse,
            rse_quantity=rse_quantity,
            max_photons=max_photons,
            seed=seed,
            jobs=jobs,
            bins=bins,
            bin_cm=bin_cm,
            **options,
        ),
    ]
    return _folder(
        words, TransportResult, "transport", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env
    )


def optics(
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    *,
    skin: str | None = None,
    wavelengths: str | Sequence[float] | None = None,
    depths_mm: str | Sequence[float] | None = None,
    optics_model: str | None = None,
    photons: int | None = None,
    mc_step_nm: float | None = None,
    target_rse: float | None = None,
    anisotropy_g: float | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    no_cache: bool = False,
    force: bool = False,
    models: NameOrPath | None = None,
    out: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Tabulate skin optics per wavelength: ``pdtsim optics``.

    Parameters
    ----------
    protocol, set, models
        As for ``simulate`` (the protocol's skin is tabulated).
    skin
        ``--skin``: a skin preset (the same as ``set={"skin": NAME}``).
    wavelengths
        ``--wavelengths``: ``"start:stop:step"`` or a list of nm (default 380:800:1).
    depths_mm
        ``--depths-mm``: a list of depths in mm or a comma string (default 0.1,0.5,1,2).
    optics_model
        ``--optics-model``: ``"diffusion"``, ``"monte_carlo"`` or ``"both"``.
    photons, mc_step_nm, target_rse, anisotropy_g, seed, jobs, no_cache
        The Monte Carlo flags of the same names (``--photons``, ``--mc-step-nm``, ``--target-rse``, …,
        ``--no-cache``).
    force
        ``--force``: replace a file pdtsim did not write.
    out
        The CSV file (``--out``), its sidecar next to it. None: written to a temporary folder and read.
    quiet, progress, safe_names, env, **options
        As for ``simulate``.

    Returns
    -------
    pandas.DataFrame
        One row per wavelength; ``attrs["units"]``, ``attrs["sidecar"]``, ``attrs["path"]``.
    """
    words = [
        "optics",
        *_protocol_words(protocol, set, models),
        *flags(
            skin=skin,
            wavelengths=None if wavelengths is None else listed(wavelengths),
            depths_mm=None if depths_mm is None else listed(depths_mm),
            optics_model=optics_model,
            photons=photons,
            mc_step_nm=mc_step_nm,
            target_rse=target_rse,
            anisotropy_g=anisotropy_g,
            seed=seed,
            jobs=jobs,
            no_cache=no_cache,
            force=force,
            **options,
        ),
    ]
    return _table(words, "optics.csv", out, quiet=quiet, progress=progress, safe_names=safe_names, env=env)


def show(
    protocol: NameOrPath | None = None,
    set: Overrides = None,
    models: NameOrPath | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """The resolved protocol as a model file: ``pdtsim show --json``.

    Parameters
    ----------
    protocol, set, models, env, **options
        As for ``simulate``.

    Returns
    -------
    dict
        Every section's parameters with value, unit and source (``["light"]["parameters"]["center_nm"]``).
    """
    import json

    words = ["show", *_protocol_words(protocol, set, models), "--json", *flags(**options)]
    completed = run(words, progress=False, env=env)
    data: dict[str, Any] = json.loads(completed.stdout)
    return data


_PRESET_KIND = re.compile(r"^(?P<kind>[a-z][\w-]*):$")
_PRESET = re.compile(r"^\s+(?P<name>\S+)\s+(?P<description>.*)$")


def presets(
    kind: str | None = None, models: NameOrPath | None = None, *, env: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The presets with their one-line descriptions: ``pdtsim list``.

    Parameters
    ----------
    kind
        Only this kind, as ``pdtsim list`` heads it (``"protocols"``, ``"skins"``, ``"lights"``, …);
        the singular (``"skin"``) is accepted too. None: every kind.
    models, env
        As for ``simulate``.

    Returns
    -------
    pandas.DataFrame
        Columns kind, name, description in pdtsim's order; ``attrs["models"]``: the model folder.

    Raises
    ------
    ValueError
        For a kind that ``pdtsim list`` does not show.
    """
    completed = run(["list", *flags(models=path_text(models))], progress=False, env=env)
    rows: list[tuple[str, str, str]] = []
    folder = None
    current = None
    for line in completed.stdout.splitlines():
        if line.startswith("model folder:"):
            folder = line.split(":", 1)[1].strip()
        elif (heading := _PRESET_KIND.match(line)) is not None:
            current = heading["kind"]
        elif current is not None and (entry := _PRESET.match(line)) is not None:
            rows.append((current, entry["name"], entry["description"].strip()))
    frame = pd.DataFrame(rows, columns=["kind", "name", "description"])
    if kind is not None:
        kinds = list(dict.fromkeys(frame["kind"]))
        chosen = [k for k in kinds if kind in (k, k.removesuffix("s"))]
        if not chosen:
            raise ValueError(f"presets: unknown kind {kind!r}; expected one of {', '.join(kinds)}")
        frame = frame[frame["kind"] == chosen[0]].reset_index(drop=True)
    frame.attrs["models"] = folder
    return frame


def validate(
    *files: str | os.PathLike[str], models: NameOrPath | None = None, env: Mapping[str, str] | None = None
) -> str:
    """Check model files: ``pdtsim validate FILE …``.

    Parameters
    ----------
    *files
        The model files.
    models, env
        As for ``simulate``.

    Returns
    -------
    str
        pdtsim's report (standard output).

    Raises
    ------
    PdtsimError
        Exit 3 with pdtsim's message when a file is invalid.
    """
    words = ["validate", *[text(file) for file in files], *flags(models=path_text(models))]
    completed = run(words, progress=False, env=env)
    return completed.stdout


def merge(
    parts: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    quiet: bool = False,
    safe_names: bool = False,
    env: Mapping[str, str] | None = None,
) -> pd.DataFrame | CohortResult | SensitivityResult:
    """Join the shards of a sweep, cohort or sensitivity run: ``pdtsim merge PART … --out OUT``.

    Parameters
    ----------
    parts
        The parts, one per shard: sweep CSV files, or cohort (sensitivity) shard folders.
    out
        The merged CSV file, or folder for folder parts.
    force, quiet
        ``--force``, ``--quiet``.
    safe_names, env
        As for ``simulate``.

    Returns
    -------
    pandas.DataFrame, CohortResult or SensitivityResult
        The merged sweep rows, or the merged cohort or sensitivity folder.
    """
    path = absolute(out)
    words = ["merge", *[text(part) for part in parts], "--out", str(path), *flags(force=force, quiet=quiet)]
    completed: Completed = run(words, progress=not quiet, env=env)
    if path.is_dir():
        folder = SensitivityResult if (path / "indices.csv").is_file() else CohortResult
        return folder(path, safe_names=safe_names, command=completed.command, stdout=completed.stdout)
    return _read_table(path, safe_names, keep_path=True)


__all__: list[str] = [
    "simulate",
    "sweep",
    "maintenance",
    "cohort",
    "sensitivity",
    "calibrate",
    "optimize",
    "transport",
    "optics",
    "show",
    "presets",
    "validate",
    "merge",
]

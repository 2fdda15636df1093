"""What the folder commands return: one object per output folder, its files read on first use."""

from __future__ import annotations

import os
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from ._read import protocol_units, read_csv, read_json

O = TypeVar("O", bound="Output")


class Output:
    """A folder pdtsim wrote, its files read on first access (and then kept).

    Construct one on an existing folder to read earlier output, e.g.
    ``SimulationResult("out/allumera-blue")``.

    Parameters
    ----------
    path
        The output folder (``--out``).
    safe_names
        Give the DataFrames attribute-safe column names (see ``pdtsim.read_csv``).

    Attributes
    ----------
    path : pathlib.Path
        The output folder. With ``out=None`` it is a temporary folder that lives as long as this
        object.
    command : list of str
        The command line that wrote the folder (empty for a folder read with the constructor).
    stdout : str
        What pdtsim printed on standard output (its summary; empty with ``quiet=True``).
    stderr : str
        What pdtsim printed on standard error, progress lines removed.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        safe_names: bool = False,
        command: list[str] | None = None,
        stdout: str = "",
        stderr: str = "",
        temporary: tempfile.TemporaryDirectory[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.safe_names = safe_names
        self.command = command or []
        self.stdout = stdout
        self.stderr = stderr
        self._temporary = temporary  # removed with this object, not before

    #: The files every complete folder of this command holds.
    FILES: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    @classmethod
    def existing(cls: type[O], path: str | os.PathLike[str], *files: str, safe_names: bool = False) -> O | None:
        """The output in ``path`` if it is complete (every file of ``FILES`` and of ``files`` is there),
        else None: for notebooks that read earlier output instead of running again.

        Parameters
        ----------
        path
            The output folder.
        *files
            Further files the caller needs (``"profiles.csv"``, ``"pareto.csv"``).
        safe_names
            As for the constructor.
        """
        folder = Path(path)
        if all((folder / name).is_file() for name in (*cls.FILES, *files)):
            return cls(folder, safe_names=safe_names)
        return None

    def _csv(self, name: str, units: dict[str, str] | None = None) -> pd.DataFrame:
        return read_csv(self.path / name, safe_names=self.safe_names, units=units)

    def _optional_csv(self, name: str, units: dict[str, str] | None = None) -> pd.DataFrame | None:
        return self._csv(name, units) if (self.path / name).is_file() else None

    def _json(self, name: str) -> dict[str, Any]:
        return read_json(self.path / name)


class SimulationResult(Output):
    """``pdtsim simulate``'s folder (manual: Outputs.md)."""

    FILES = ("summary.json", "protocol.json", "timeline.csv", "sessions.csv", "depth.csv", "session_trace.csv")

    @cached_property
    def summary(self) -> dict[str, Any]:
        """``summary.json``: the protocol readouts, ``protocol_name``, ``versions``, ``solver_statistics``,
        ``presets`` and the resolved ``protocol`` (every parameter with value, unit and source)."""
        return self._json("summary.json")

    @cached_property
    def protocol(self) -> dict[str, Any]:
        """``protocol.json``: the resolved protocol as a model file (``simulate(protocol=result.path /
        "protocol.json")`` runs it again)."""
        return self._json("protocol.json")

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """``timeline.csv``: the response on every whole day."""
        return self._csv("timeline.csv")

    @cached_property
    def sessions(self) -> pd.DataFrame:
        """``sessions.csv``: the readouts of every session."""
        return self._csv("sessions.csv")

    @cached_property
    def depth(self) -> pd.DataFrame:
        """``depth.csv``: the first session's depth profiles, one row per grid cell."""
        return self._csv("depth.csv")

    @cached_property
    def session_trace(self) -> pd.DataFrame:
        """``session_trace.csv``: the first session's region means at the solver's accepted steps."""
        return self._csv("session_trace.csv")


class MaintenanceResult(Output):
    """``pdtsim maintenance``'s folder (manual: Maintenance.md)."""

    FILES = ("maintenance.csv", "maintenance_timelines.csv", "protocol.json")

    @cached_property
    def table(self) -> pd.DataFrame:
        """``maintenance.csv``: one row per interval, in the order given."""
        return self._csv("maintenance.csv")

    @cached_property
    def timelines(self) -> pd.DataFrame:
        """``maintenance_timelines.csv``: reduction, activity and inflammation per interval and day."""
        return self._csv("maintenance_timelines.csv")

    @cached_property
    def protocol(self) -> dict[str, Any]:
        """``protocol.json``: the protocol as run, as a model file."""
        return self._json("protocol.json")


class CohortResult(Output):
    """``pdtsim cohort``'s folder (manual: Cohort.md)."""

    FILES = ("subjects.csv", "bands.csv", "summary.json")

    @cached_property
    def subjects(self) -> pd.DataFrame:
        """``subjects.csv``: one row per subject (sampled values, status, readouts); its sidecar in
        ``attrs["sidecar"]``."""
        return self._csv("subjects.csv")

    @cached_property
    def bands(self) -> pd.DataFrame:
        """``bands.csv``: per day, mean, sd and quantiles of each series over the subjects that succeeded."""
        return self._csv("bands.csv")

    @cached_property
    def summary(self) -> dict[str, Any]:
        """``summary.json``: cohort, seed, subjects run and failed, responder fraction, readout quantiles."""
        return self._json("summary.json")


class SensitivityResult(Output):
    """``pdtsim sensitivity``'s folder (manual: Sensitivity.md)."""

    FILES = ("design.csv", "indices.csv")

    @cached_property
    def indices(self) -> pd.DataFrame:
        """``indices.csv``: Sobol (S1, ST with intervals) or Morris (mu, mu_star, sigma) per readout and input."""
        return self._csv("indices.csv")

    @cached_property
    def design(self) -> pd.DataFrame:
        """``design.csv``: one row per run in SALib's order; its sidecar in ``attrs["sidecar"]``."""
        return self._csv("design.csv")


class CalibrationResult(Output):
    """``pdtsim calibrate``'s folder (manual: Calibrate.md)."""

    FILES = ("fit.json", "parameters.csv", "residuals.csv", "predictions.csv")

    @cached_property
    def fit(self) -> dict[str, Any]:
        """``fit.json``: estimates, se, covariance, correlation, χ², dof, AIC, BIC, every start."""
        return self._json("fit.json")

    @cached_property
    def parameter_units(self) -> dict[str, str]:
        """Fitted parameter → its unit, from ``fit.json``."""
        return {parameter["name"]: parameter["unit"] for parameter in self.fit.get("parameters", [])}

    @cached_property
    def parameters(self) -> pd.DataFrame:
        """``parameters.csv``: estimate, se, Wald and profile intervals, identifiability; a row's unit is
        ``attrs["parameter_units"][row.parameter]``."""
        frame = self._csv("parameters.csv")
        frame.attrs["parameter_units"] = self.parameter_units
        return frame

    @cached_property
    def residuals(self) -> pd.DataFrame:
        """``residuals.csv``: measured, predicted and (weighted) residual of every measurement."""
        return self._csv("residuals.csv")

    @cached_property
    def predictions(self) -> pd.DataFrame:
        """``predictions.csv``: the measured observables of every arm, daily, with a 95 % band."""
        return self._csv("predictions.csv")

    @cached_property
    def profiles(self) -> pd.DataFrame | None:
        """``profiles.csv``: the likelihood profiles; None when the folder has no such file (pdtsim
        writes it only with ``profiles=True``)."""
        frame = self._optional_csv("profiles.csv", self.parameter_units)
        if frame is not None:
            frame.attrs["parameter_units"] = self.parameter_units
        return frame

    @cached_property
    def sections(self) -> dict[str, dict[str, Any]]:
        """``SECTION.json`` model files of the sections holding a fitted parameter, by section name."""
        return {
            file.stem: read_json(file)
            for file in sorted(self.path.glob("*.json"))
            if file.name not in ("fit.json", "cross_validation.json")
        }

    @cached_property
    def measurements(self) -> pd.DataFrame | None:
        """``measurements.csv`` (with ``synthesize=SEED``; else None): the synthetic measurements."""
        return self._optional_csv("measurements.csv")

    @cached_property
    def coverage(self) -> pd.DataFrame | None:
        """``coverage.csv`` (with ``coverage=N``; else None): how often each Wald interval covers the truth."""
        return self._optional_csv("coverage.csv")

    @cached_property
    def cross_validation(self) -> pd.DataFrame | None:
        """``cross_validation.csv`` (with ``cross_validate=True``; else None): every measurement of each
        left-out study, observed and predicted with its 95 % prediction interval."""
        return self._optional_csv("cross_validation.csv")

    @cached_property
    def cross_validation_summary(self) -> dict[str, Any] | None:
        """``cross_validation.json`` (with ``cross_validate=True``; else None): per study its coverage, the
        refit's estimates and the σ used."""
        return self._json("cross_validation.json") if (self.path / "cross_validation.json").is_file() else None


class OptimizationResult(Output):
    """``pdtsim optimize``'s folder (manual: Optimize.md)."""

    FILES = ("optimum.json", "optimum-protocol.json", "evaluations.csv")

    @cached_property
    def optimum(self) -> dict[str, Any]:
        """``optimum.json``: chosen values, objective, constraints (value, slack, active), cost."""
        return self._json("optimum.json")

    @cached_property
    def optimum_protocol(self) -> dict[str, Any]:
        """``optimum-protocol.json``: the optimal protocol as a model file."""
        return self._json("optimum-protocol.json")

    def _units(self) -> dict[str, str]:
        file = self.path / "optimum-protocol.json"
        return protocol_units(read_json(file)) if file.is_file() else {}

    @cached_property
    def evaluations(self) -> pd.DataFrame:
        """``evaluations.csv``: every point tried, feasible or not."""
        return self._csv("evaluations.csv", self._units())

    @cached_property
    def pareto(self) -> pd.DataFrame | None:
        """``pareto.csv`` (with ``pareto=…``; else None): the ε-constraint front."""
        return self._optional_csv("pareto.csv", self._units())


class TransportResult(Output):
    """``pdtsim transport``'s folder (manual: Transport.md)."""

    FILES = ("summary.json", "fluence.csv")

    @cached_property
    def summary(self) -> dict[str, Any]:
        """``summary.json``: reflectances, transmittance, absorbed fractions with standard errors."""
        return self._json("summary.json")

    @cached_property
    def fluence(self) -> pd.DataFrame:
        """``fluence.csv``: depth_cm, fluence_per_incident, standard_error."""
        return self._csv("fluence.csv")

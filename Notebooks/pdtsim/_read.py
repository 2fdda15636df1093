"""Reading pdtsim's files back: CSV files as DataFrames with their units, JSON files as dicts."""

from __future__ import annotations

import json
import keyword
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

# The unit a column name ends in, in pdtsim's own symbols (those of the model files: ``uM``, ``J/cm2``,
# ``1/cm``, ``d``). Longest first: ``..._uM_per_s`` before ``..._per_s`` before ``..._s``.
_SUFFIX_UNITS: list[tuple[str, str]] = [
    ("per_s_per_mW_per_cm2", "(1/s)/(mW/cm2)"),
    ("uM_per_s", "uM/s"),
    ("J_per_cm2", "J/cm2"),
    ("mW_per_cm2", "mW/cm2"),
    ("cm2_per_s", "cm2/s"),
    ("cm_per_s", "cm/s"),
    ("g_per_mol", "g/mol"),
    ("g_per_mL", "g/mL"),
    ("per_year", "1/year"),
    ("per_cm", "1/cm"),
    ("per_uM", "1/uM"),
    ("per_s", "1/s"),
    ("percent", "%"),
    ("uM", "uM"),
    ("nm", "nm"),
    ("mm", "mm"),
    ("cm", "cm"),
    ("days", "d"),
    ("day", "d"),
    ("hours", "h"),
    ("h", "h"),
    ("s", "s"),
]
# Decorations after the unit that keep it: a band's statistics, a standard error, a sensitivity index's
# interval ends, Monte Carlo columns of ``optics --optics-model both``.
_KEEPS_UNIT = re.compile(r"_(mean|sd|q\d+(\.\d+)?|standard_error|mc)$")
# A parameter's dotted path, SECTION.KEY (not a number such as the 0.1 of fluence_factor_at_0.1mm).
_PARAMETER_PATH = re.compile(r"^[a-z_]+\.[a-z]")
# Decorations that make a quantity dimensionless.
_DIMENSIONLESS = re.compile(r"_ratio_diffusion_to_mc$")


class Shared(dict):  # type: ignore[type-arg]
    """A dict kept in ``DataFrame.attrs`` by reference: pandas deep-copies ``attrs`` on every operation,
    and a sidecar (with its resolved base protocol) is worth sharing, not copying."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Shared:
        return self


def protocol_units(protocol: Mapping[str, Any] | None) -> dict[str, str]:
    """``SECTION.KEY`` → unit of every parameter of a resolved protocol (a model file's sections with
    ``parameters``, as in a sidecar's ``base_protocol``, ``protocol.json`` or ``summary.json``'s
    ``protocol``)."""
    units: dict[str, str] = {}
    for section, body in (protocol or {}).items():
        if isinstance(body, Mapping) and isinstance(body.get("parameters"), Mapping):
            for key, parameter in body["parameters"].items():
                if isinstance(parameter, Mapping) and isinstance(parameter.get("unit"), str):
                    units[f"{section}.{key}"] = parameter["unit"]
    return units


def column_unit(name: str, known: Mapping[str, str] | None = None) -> str | None:
    """The unit of a pdtsim column: from ``known`` (a protocol's or fit's parameter units) for a
    parameter's dotted path, else from the unit its name ends in (``dose_sebaceous_uM`` → ``uM``,
    ``pore_reduction_percent_q97.5`` → ``%``); None when the name carries none (counts, labels,
    dimensionless quantities).

    Parameters
    ----------
    name
        The column name as pdtsim writes it.
    known
        Units by name (``protocol_units`` of a sidecar's base protocol, a fit's parameters).

    Returns
    -------
    str or None
        The unit in pdtsim's symbols (``uM``, ``J/cm2``, ``1/cm``, ``%``, ``d``), or None.
    """
    if known and name in known:
        return known[name]
    if _DIMENSIONLESS.search(name):
        return None
    base = _KEEPS_UNIT.sub("", name)
    if known and base in known:
        return known[base]
    stem = base.split(".", 1)[1] if _PARAMETER_PATH.match(base) else base
    for suffix, unit in _SUFFIX_UNITS:
        if stem == suffix or stem.endswith("_" + suffix):
            return unit
    return None


def safe_name(name: str) -> str:
    """An attribute-safe column name: every character other than a letter, digit or ``_`` becomes ``_``,
    a leading digit gets a ``_`` in front, and a Python keyword a ``_`` behind
    (``skin.epidermis_thickness_cm`` → ``skin_epidermis_thickness_cm``, ``pore_reduction_percent_q2.5`` →
    ``pore_reduction_percent_q2_5``, ``fluence_factor_at_0.1mm`` → ``fluence_factor_at_0_1mm``).

    Parameters
    ----------
    name
        A column name as pdtsim writes it.

    Returns
    -------
    str
        A valid Python identifier, the name itself when it is one already (and not a keyword).
    """
    safe = re.sub(r"\W", "_", name, flags=re.ASCII)
    if not safe or safe[0].isdigit():
        safe = "_" + safe
    if keyword.iskeyword(safe):
        safe += "_"
    return safe


def with_safe_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with attribute-safe column names (``safe_name``), its ``attrs`` (units included) renamed
    alike; ``attrs["original_names"]`` maps each new name back to pdtsim's. The CSV file is not touched.

    Parameters
    ----------
    frame
        A DataFrame read from a pdtsim file.

    Returns
    -------
    pandas.DataFrame
        A renamed copy.

    Raises
    ------
    ValueError
        When two columns would get the same name.
    """
    mapping = {column: safe_name(str(column)) for column in frame.columns}
    seen: dict[str, str] = {}
    for column, safe in mapping.items():
        if safe in seen:
            raise ValueError(
                f"columns {seen[safe]!r} and {column!r} both become {safe!r}; read them without safe_names"
            )
        seen[safe] = str(column)
    renamed = frame.rename(columns=mapping)
    units = frame.attrs.get("units", {})
    renamed.attrs["units"] = {mapping.get(column, column): unit for column, unit in units.items()}
    renamed.attrs["original_names"] = {safe: column for column, safe in mapping.items()}
    return renamed


def read_json(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A JSON file pdtsim wrote (``summary.json``, ``fit.json``, a sidecar), as a dict.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    dict
        Its contents.
    """
    with open(path, encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


def read_csv(
    path: str | os.PathLike[str],
    *,
    safe_names: bool = False,
    units: Mapping[str, str] | None = None,
    comment: str | None = None,
) -> pd.DataFrame:
    """A CSV file pdtsim wrote, as pandas reads it by default, with its units.

    Parameters
    ----------
    path
        The CSV file. When a sidecar ``PATH.json`` sits next to it (sweep, optics, cohort and
        sensitivity write one), it is read too.
    safe_names
        Rename the columns to attribute-safe names (``safe_name``: ``skin.blood_fraction`` →
        ``skin_blood_fraction``, ``q2.5`` → ``q2_5``) so that ``frame.skin_blood_fraction`` works;
        ``attrs["original_names"]`` maps them back. The file keeps pdtsim's names.
    units
        Known units by column name (a fit's parameters), used before those of the sidecar's base
        protocol and before the unit in the column's name.
    comment
        Passed to ``pandas.read_csv`` (``"#"`` for a measurement file with comment lines).

    Returns
    -------
    pandas.DataFrame
        ``attrs["units"]``: column → unit in pdtsim's symbols (``uM``, ``J/cm2``, ``%``, ``d``) for every
        column whose name or parameter has one; ``attrs["path"]``: the file; ``attrs["sidecar"]``: the
        sidecar's contents, when there is one.
    """
    path = Path(path)
    frame = pd.read_csv(path, comment=comment)
    sidecar_path = path.with_name(path.name + ".json")
    known = dict(units or {})
    frame.attrs["path"] = str(path)
    if sidecar_path.is_file():
        sidecar = read_json(sidecar_path)
        frame.attrs["sidecar"] = Shared(sidecar)
        for name, unit in protocol_units(sidecar.get("base_protocol")).items():
            known.setdefault(name, unit)
    column_units = {str(column): column_unit(str(column), known) for column in frame.columns}
    frame.attrs["units"] = {column: unit for column, unit in column_units.items() if unit is not None}
    return with_safe_names(frame) if safe_names else frame

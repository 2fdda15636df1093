"""pdtsim from Python: every pdtsim command one call away, every output file a DataFrame or a dict.

Each function runs the pdtsim binary (found by ``find_binary``: ``$PDTSIM``, else ``pdtsim`` on PATH,
else the repository's ``.build/release/pdtsim``) with the flags its arguments name, and reads back the
files it writes. See the manual's Python API article
(Sources/PDTCommands/PDTCommands.docc/PythonAPI.md).

>>> import pdtsim
>>> run = pdtsim.simulate(protocol="allumera-blue", set={"light.center_nm": 633})
>>> run.timeline.plot(x="day", y="pore_reduction_percent")
"""

from ._binary import PdtsimNotFoundError, find_binary
from ._commands import (
    calibrate,
    cohort,
    maintenance,
    merge,
    optics,
    optimize,
    presets,
    sensitivity,
    show,
    simulate,
    sweep,
    transport,
    validate,
)
from ._read import column_unit, read_csv, read_json, safe_name, with_safe_names
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
from ._run import PdtsimError

__version__ = "0.6.0"

__all__ = [
    "CalibrationResult",
    "CohortResult",
    "MaintenanceResult",
    "OptimizationResult",
    "Output",
    "PdtsimError",
    "PdtsimNotFoundError",
    "SensitivityResult",
    "SimulationResult",
    "TransportResult",
    "calibrate",
    "cohort",
    "column_unit",
    "find_binary",
    "maintenance",
    "merge",
    "optics",
    "optimize",
    "presets",
    "read_csv",
    "read_json",
    "safe_name",
    "sensitivity",
    "show",
    "simulate",
    "sweep",
    "transport",
    "validate",
    "with_safe_names",
]

"""A notebook-style run end to end: a kernel imports the package, runs pdtsim, draws and checks the numbers."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from conftest import CHEAP
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1]

CELLS = [
    f"""
import sys
sys.path.insert(0, {str(NOTEBOOKS)!r})  # the package, also when it is not installed
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pdtsim
CHEAP = {CHEAP!r}
""",
    """
run = pdtsim.simulate(protocol="allumera-red", set=CHEAP, out="red")
rows = pdtsim.sweep({"light.center_nm": [417, 635]}, set=CHEAP, jobs=2, safe_names=True)
figure, axis = plt.subplots()
axis.plot(run.timeline.day, run.timeline.pore_reduction_percent)
axis.set_ylabel(f"pore reduction ({run.timeline.attrs['units']['pore_reduction_percent']})")
figure.savefig("timeline.png")
print(run.summary["protocol_name"], len(rows), rows.light_center_nm.tolist())
""",
    """
import pandas as pd
red = rows.set_index("light_center_nm").loc[635]
again = pd.read_csv("red/sessions.csv").iloc[0]
assert red.session1_incident_fluence_J_per_cm2 == 10.0
assert again["incident_fluence_J_per_cm2"] == 37.0  # allumera-red's own light
try:
    pdtsim.show(set={"light.center_nm": -1})
except pdtsim.PdtsimError as error:
    print("exit", error.exit_code)
""",
]


def test_a_notebook_runs_the_package(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source.strip()) for source in CELLS]
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env={**os.environ})
    text = "".join(output.get("text", "") for cell in notebook.cells for output in cell.outputs)
    assert "allumera-red 2 [417, 635]" in text
    assert "exit 3" in text
    assert (tmp_path / "timeline.png").stat().st_size > 1000
    assert (tmp_path / "red" / "summary.json").is_file()


def test_every_notebook_uses_the_package_and_no_runner_or_reader_of_its_own() -> None:
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert len(notebooks) >= 8
    for path in notebooks:
        code = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
        assert "import pdtsim" in code, path.name
        for own in ("subprocess", "pd.read_csv", "json.loads", "json.load(", "def pdtsim", "shutil.which"):
            assert own not in code, f"{path.name} uses {own}"

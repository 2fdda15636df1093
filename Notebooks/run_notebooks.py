"""Execute notebooks headless, a few at a time, each worker re-using one Jupyter kernel.

    python Notebooks/run_notebooks.py --out OUT --figures FIGURES [--jobs N] NOTEBOOK...

Every notebook runs from its first cell to its last in a kernel whose working folder is the
notebook's own folder, with PDTSIM_OUT=OUT/NAME (emptied first: pdtsim's CSV and JSON) and
PDTSIM_FIGURES=FIGURES in its environment; the executed copy, with its outputs, is written to
OUT/NAME.ipynb. Notebooks are handed out in the order given to N workers (default 2).

A worker starts its kernel once and runs its notebooks in it one after the other, so that the
interpreter and the imports (NumPy, pandas, Matplotlib: about ten CPU-seconds a notebook on the
2-core machine, the notebooks' largest fixed cost in `make test`) are paid once per worker, not once
per notebook. Before each notebook the worker closes every figure, restores Matplotlib's settings to
those of the fresh kernel, sets the notebook's environment and working folder, and empties the
namespace (`%reset -f`), so that a notebook sees no name another one defined and must import what it
uses. A notebook that fails restarts its worker's kernel before the next one.

Prints each notebook's log in the order given, then "notebooks: N passed, M failed"; exits 1 when a
notebook failed, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import shutil
import sys
import threading
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT_SECONDS = 1800

# Run in the kernel before each notebook: a clean namespace, Matplotlib as a fresh kernel has it.
PREPARE = """
import os as _os
import matplotlib as _matplotlib
import matplotlib.pyplot as _pyplot
_pyplot.close("all")
if not hasattr(_matplotlib, "_fresh_kernel_rc"):
    _matplotlib._fresh_kernel_rc = _matplotlib.rcParams.copy()
_matplotlib.rcParams.clear()
_matplotlib.rcParams.update(_matplotlib._fresh_kernel_rc)
_os.environ.update({environment})
_os.chdir({folder})
get_ipython().run_line_magic("reset", "-f")
"""


class Outcome:
    def __init__(self, passed: bool, log: str):
        self.passed = passed
        self.log = log


async def prepare(client: NotebookClient, environment: dict[str, str], folder: Path) -> None:
    """Runs PREPARE in the client's kernel; raises RuntimeError if it does not end with status ok."""
    code = PREPARE.format(environment=json.dumps(environment), folder=json.dumps(str(folder)))
    msg_id = client.kc.execute(code, silent=True, store_history=False)
    reply = await client.async_wait_for_reply(msg_id)
    if reply is None or reply["content"]["status"] != "ok":
        raise RuntimeError(f"the kernel could not be prepared: {reply and reply['content']}")


async def worker(
    jobs: queue.Queue, outcomes: dict[str, Outcome], out: Path, figures: Path, kernel: str
) -> None:
    manager: AsyncKernelManager | None = None
    try:
        while True:
            try:
                notebook = jobs.get_nowait()
            except queue.Empty:
                return
            name = notebook.stem
            folder = notebook.resolve().parent
            if manager is None:
                manager = AsyncKernelManager(kernel_name=kernel)
                await manager.start_kernel(cwd=str(folder))
            output = out / name
            if output.exists():
                shutil.rmtree(output)
            environment = {"PDTSIM_OUT": str(output.resolve()), "PDTSIM_FIGURES": str(figures.resolve())}
            nb = nbformat.read(notebook, as_version=4)
            client = NotebookClient(
                nb, km=manager, kernel_name=kernel, timeout=CELL_TIMEOUT_SECONDS,
                resources={"metadata": {"path": str(folder)}},
            )
            start = time.monotonic()
            try:
                async with client.async_setup_kernel():
                    await prepare(client, environment, folder)
                    await client.async_execute()
                passed, problem = True, ""
            except (CellExecutionError, RuntimeError, TimeoutError) as error:
                passed, problem = False, f"{error}\n"
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
            target = out / f"{name}.ipynb"
            nbformat.write(nb, target)
            seconds = time.monotonic() - start
            status = "executed" if passed else "FAILED"
            outcomes[name] = Outcome(passed, f"{problem}{status} in {seconds:.1f} s; executed copy {target}\n")
            if not passed:
                await manager.restart_kernel(now=True)
    finally:
        if manager is not None and manager.has_kernel:
            await manager.shutdown_kernel(now=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder of the executed copies and pdtsim's output")
    parser.add_argument("--figures", type=Path, required=True, help="where the notebooks save their figures")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at a time, one kernel each (default 2)")
    parser.add_argument("--kernel", default="python3", help="the Jupyter kernel (default python3)")
    parser.add_argument("notebooks", type=Path, nargs="+")
    arguments = parser.parse_args()
    if arguments.jobs < 1:
        parser.error(f"--jobs {arguments.jobs}: expected a whole number ≥ 1")
    for notebook in arguments.notebooks:
        if notebook.suffix != ".ipynb" or not notebook.is_file():
            parser.error(f"{notebook}: expected a notebook file (.ipynb)")
    arguments.out.mkdir(parents=True, exist_ok=True)
    arguments.figures.mkdir(parents=True, exist_ok=True)

    jobs: queue.Queue = queue.Queue()
    for notebook in arguments.notebooks:
        jobs.put(notebook)
    outcomes: dict[str, Outcome] = {}
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(worker(jobs, outcomes, arguments.out, arguments.figures, arguments.kernel))
        except BaseException as error:  # a kernel that cannot start: reported below, not lost in a thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(min(arguments.jobs, len(arguments.notebooks)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    passed = failed = 0
    for notebook in arguments.notebooks:
        print(f"notebook {notebook}")
        outcome = outcomes.get(notebook.stem, Outcome(False, "not run\n"))
        print(outcome.log, end="")
        if outcome.passed:
            passed += 1
        else:
            failed += 1
            print(f"notebook {notebook} FAILED")
    for error in errors:
        print(f"a worker stopped: {error!r}")
    print(f"notebooks: {passed} passed, {failed} failed")
    return 0 if failed == 0 and not errors else 1


if __name__ == "__main__":
    sys.exit(main())

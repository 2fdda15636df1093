"""Running the binary: one pdtsim command, its progress on standard error, its exit code as an exception."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._binary import find_binary

#: The progress line pdtsim writes to standard error about every 5 s when standard error is not a
#: terminal: ``LABEL: DONE/TOTAL UNIT, RATE, LEFT`` (``sweep: 3/12 points, …``, ``cohort: … subjects``,
#: ``sensitivity: … runs``, ``transport: … packets``, ``optimize``/``fit: … evaluations``,
#: ``skin-table: … nodes``).
PROGRESS_LINE = re.compile(
    r"^(?P<label>[A-Za-z][\w-]*): (?P<done>\d+)/(?P<total>\d+) (?P<unit>[a-z]+), "
)
#: pdtsim's error line: ``pdtsim: error: …`` (one line, at most 1,000 characters).
ERROR_PREFIX = "pdtsim: "


class PdtsimError(Exception):
    """pdtsim exited with a non-zero code.

    Attributes
    ----------
    exit_code : int
        pdtsim's exit code (manual: ExitCodes.md: 2 usage, 3 invalid input, 4 numerical failure,
        5 output, 6 some sweep points failed, 7 optimize infeasible, 128 + N a signal).
    message : str
        pdtsim's one-line message as printed, ``pdtsim: error: …``.
    command : list of str
        The command line that ran.
    stderr : str
        Everything pdtsim wrote to standard error.
    result : object or None
        What the command wrote before it failed, read like a success (the rows of a sweep with
        failed points, the evaluations of an infeasible optimisation), or None.
    """

    def __init__(self, exit_code: int, message: str, command: Sequence[str] = (), stderr: str = "") -> None:
        super().__init__(exit_code, message)
        self.exit_code = exit_code
        self.message = message
        self.command = list(command)
        self.stderr = stderr
        self.result: Any = None

    def __str__(self) -> str:
        return f"{self.message} (exit code {self.exit_code})"


@dataclass(frozen=True)
class Completed:
    """A finished pdtsim command: its arguments, standard output and standard error (progress lines removed)."""

    command: list[str]
    stdout: str
    stderr: str


def _message(stderr_lines: Sequence[str], exit_code: int) -> str:
    """pdtsim's one-line message: the last line starting ``pdtsim:`` (an error or an interruption)."""
    for line in reversed(stderr_lines):
        if line.startswith(ERROR_PREFIX):
            return line
    for line in reversed(stderr_lines):
        if line.strip():
            return line.strip()
    return f"pdtsim exited with code {exit_code} and no message"


class _Progress:
    """pdtsim's progress shown in Python: a tqdm bar (tqdm.auto: a widget in a notebook) when tqdm is
    installed, else pdtsim's own lines echoed to standard error; other status lines (calibrate's
    starts and profiles) are written above the bar."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.tqdm: Any = None
        if enabled:
            try:
                with warnings.catch_warnings():  # tqdm.auto falls back to text bars without ipywidgets, warning
                    warnings.simplefilter("ignore")
                    from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            self.tqdm = tqdm

    def line(self, text: str) -> None:
        if not self.enabled:
            return
        match = PROGRESS_LINE.match(text)
        if match is None:
            if not text.startswith(ERROR_PREFIX):  # the error itself is raised, not echoed
                self._write(text)
            return
        if self.tqdm is None:
            self._write(text)
            return
        done, total = int(match["done"]), int(match["total"])
        if self.bar is not None and self.bar.desc != match["label"]:  # a new phase: skin table, then points
            self.bar.close()
            self.bar = None
        if self.bar is None:
            self.bar = self.tqdm(total=total, initial=done, desc=match["label"], unit=match["unit"].removesuffix("s"))
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def _write(self, text: str) -> None:
        if self.tqdm is not None and self.bar is not None:
            self.tqdm.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr, flush=True)

    def close(self, succeeded: bool) -> None:
        if self.bar is not None:
            if succeeded and self.bar.total:
                self.bar.update(self.bar.total - self.bar.n)
            self.bar.close()


def run(
    arguments: Sequence[str],
    *,
    progress: bool = True,
    env: Mapping[str, str] | None = None,
) -> Completed:
    """Runs ``pdtsim ARGUMENTS`` and waits for it.

    Parameters
    ----------
    arguments
        The command line after ``pdtsim`` (``["simulate", "--protocol", "allumera-blue", …]``).
    progress
        Show pdtsim's progress while it runs (see the class ``_Progress``); pdtsim writes it only
        without ``--quiet``.
    env
        Extra environment variables for pdtsim (``{"XDG_CACHE_HOME": …}``), added to ``os.environ``.

    Returns
    -------
    Completed
        The command, its standard output, and its standard error without the progress lines.

    Raises
    ------
    PdtsimError
        When pdtsim exits with a non-zero code, with that code and pdtsim's one-line message.
    PdtsimNotFoundError
        When there is no binary (see ``find_binary``).
    KeyboardInterrupt
        Passed on after pdtsim, sent SIGINT in turn, has stopped cleanly (an interrupted sweep keeps
        its partial file for ``resume=True``).
    """
    command = [str(find_binary()), *map(str, arguments)]
    environment = {**os.environ, **env} if env else None
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    stdout_parts: list[str] = []
    assert process.stdout is not None and process.stderr is not None
    output = process.stdout
    reader = threading.Thread(target=lambda: stdout_parts.append(output.read()), daemon=True)
    reader.start()
    display = _Progress(progress)
    stderr_lines: list[str] = []
    try:
        for raw in process.stderr:
            line = raw.rstrip("\n")
            display.line(line)
            if not PROGRESS_LINE.match(line):
                stderr_lines.append(line)
        exit_code = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        process.wait()
        display.close(False)
        raise
    reader.join()
    display.close(exit_code == 0)
    stdout, stderr = "".join(stdout_parts), "\n".join(stderr_lines)
    if exit_code != 0:
        raise PdtsimError(exit_code, _message(stderr_lines, exit_code), command, stderr)
    return Completed(command, stdout, stderr)

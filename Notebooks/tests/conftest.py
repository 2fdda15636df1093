"""Shared fixtures: the binary under test, cheap model settings, and the CLI run directly for comparison."""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import re
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import pdtsim
from pdtsim._binary import REPOSITORY

#: Cheap settings for every protocol run of the tests: a coarse grid, the fast solver, the shortest
#: horizon that still holds the evaluation day (150).
CHEAP = {"grid.cells": 12, "solver": "fast", "schedule.horizon_days": 150}
CHEAP_WORDS = [word for key, value in CHEAP.items() for word in ("--set", f"{key}={value}")]

MODELS = REPOSITORY / "Models"


@pytest.fixture(scope="session")
def binary() -> Path:
    """The pdtsim the tests run (``$PDTSIM`` in ``make test``: the test build)."""
    return pdtsim.find_binary()


@pytest.fixture(scope="session")
def cli(binary: Path):
    """Runs the binary directly, as a user at the shell would; returns the CompletedProcess."""

    def run(*arguments: object, check: bool = True) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run([str(binary), *map(str, arguments)], capture_output=True, text=True)
        if check and completed.returncode != 0:
            raise AssertionError(f"pdtsim {' '.join(map(str, arguments))} failed: {completed.stderr}")
        return completed

    return run


@pytest.fixture(autouse=True)
def monte_carlo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdtsim's Monte Carlo cache in a folder of the tests' own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


#: Seconds `pdtsim serve` may take to print its URL, and to stop after SIGTERM.
SERVE_START_S = 60
SERVE_STOP_S = 60


@contextlib.contextmanager
def serving(binary: Path, *arguments: str, env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """`pdtsim serve --port 0 ARGUMENTS` on 127.0.0.1 (a free loopback port): yields the process and the URL
    it prints (``http://127.0.0.1:PORT``, no trailing slash). At the end it sends SIGTERM and asserts exit
    code 0 within SERVE_STOP_S seconds (SIGKILL, then the failure, otherwise)."""
    server = subprocess.Popen(
        [str(binary), "serve", "--host", "127.0.0.1", "--port", "0", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(server.stdout.readline()), daemon=True)
    reader.start()
    reader.join(SERVE_START_S)
    match = re.match(r"pdtsim serve: (http://127\.0\.0\.1:\d+)/? ", line[0] if line else "")
    if match is None:
        server.kill()
        raise AssertionError(f"pdtsim serve printed no URL within {SERVE_START_S} s: {line!r}, {server.stderr.read()!r}")
    try:
        yield server, match.group(1)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=SERVE_STOP_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=SERVE_STOP_S)
            raise
    assert code == 0, server.stderr.read()


def same_folder(ours: Path, theirs: Path) -> None:
    """Both folders hold the same files, byte for byte."""
    names = sorted(path.name for path in ours.iterdir())
    assert names == sorted(path.name for path in theirs.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(ours, theirs, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def same_frame(frame: pd.DataFrame, csv: Path) -> None:
    """``frame`` holds exactly the numbers and names of the CLI's ``csv``."""
    pd.testing.assert_frame_equal(frame, pd.read_csv(csv), check_exact=True)


def read_json(path: Path) -> dict:
    return json.loads(path.read_text())


def calibration_file(folder: Path) -> Path:
    """A one-arm, one-parameter calibration on three made-up measurements (cheap settings), near the
    default response's curve with r_max about 0.55, so that the estimate and its profile region lie
    inside the bounds."""
    (folder / "tiny.csv").write_text(
        "arm,day,observable,value,sd,n\n"
        "blue,30,pore_reduction_percent,2.0,3.0,10\n"
        "blue,60,pore_reduction_percent,9.5,3.0,10\n"
        "blue,100,pore_reduction_percent,20.5,3.0,10\n"
    )
    file = folder / "tiny-calibration.json"
    file.write_text(
        json.dumps(
            {
                "format_version": 1,
                "kind": "calibration",
                "name": "tiny",
                "description": "pytest: r_max from three points",
                "measurements": "tiny.csv",
                "arms": {"blue": {"protocol": "allumera-blue"}},
                "set": CHEAP,
                "estimate": {
                    "response.reduction_max": {"start": 0.6, "lower": 0.1, "upper": 1, "scale": "linear"}
                },
                "fit": {"method": "lm", "starts": 1, "seed": 1, "max_iterations": 50},
            }
        )
    )
    return file


def optimization_file(folder: Path, constraints: list | None = None) -> Path:
    """Maintenance every 0, 60 or 120 days, enumerated (cheap settings)."""
    file = folder / "tiny-optimization.json"
    file.write_text(
        json.dumps(
            {
                "format_version": 1,
                "kind": "optimization",
                "name": "tiny-optimization",
                "description": "pytest: three maintenance intervals",
                "protocol": "allumera-blue",
                "set": [f"{key}={value}" for key, value in {**CHEAP, "schedule.horizon_days": 300}.items()],
                "variables": [{"key": "schedule.maintenance_interval_days", "lower": 0, "upper": 120, "step": 60}],
                "objective": {"maximize": "mean_reduction_percent"},
                "constraints": constraints or [],
                "method": {"samples": 4, "starts": 1, "seed": 1, "enumeration_limit": 64},
            }
        )
    )
    return file


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Runs the test in its temporary folder (relative file names as a user would type them)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


"""pdtsim's progress lines on standard error become a bar (tqdm) or are echoed; they never reach the result."""

from __future__ import annotations

from pathlib import Path

import pytest

import pdtsim
from pdtsim._run import run

# What pdtsim sweep writes to a pipe: a line about every 5 s, then its summary on standard output.
FAKE = """#!/bin/sh
echo 'sweep: 2/8 points, 0.40 points/s, 15 s left' >&2
echo 'sweep: 6/8 points, 0.60 points/s, 3 s left' >&2
echo 'a status line' >&2
echo 'wrote x.csv: 8 points'
exit ${FAKE_EXIT:-0}
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "pdtsim"
    path.write_text(FAKE)
    path.chmod(0o755)
    monkeypatch.setenv("PDTSIM", str(path))
    return path


def test_progress_lines_drive_a_bar_and_stay_out_of_the_result(fake: Path, capsys: pytest.CaptureFixture[str]) -> None:
    completed = run(["sweep"])
    shown = capsys.readouterr().err
    assert "sweep" in shown and "8/8" in shown and "a status line" in shown
    assert completed.stderr == "a status line"
    assert completed.stdout == "wrote x.csv: 8 points\n"


def test_no_progress_shows_nothing(fake: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["sweep"], progress=False)
    assert capsys.readouterr().err == ""


def test_without_tqdm_the_lines_are_echoed(fake: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as if tqdm were not installed
    run(["sweep"])
    assert "sweep: 6/8 points, 0.60 points/s, 3 s left" in capsys.readouterr().err


def test_the_last_pdtsim_line_is_the_message(fake: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_EXIT", "130")
    with pytest.raises(pdtsim.PdtsimError) as raised:
        run(["sweep"], progress=False)
    assert raised.value.exit_code == 130
    assert raised.value.message == "a status line"


def test_interrupting_python_stops_pdtsim_with_sigint_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import _thread
    import threading

    marker = tmp_path / "stopped-by"
    script = tmp_path / "pdtsim"
    script.write_text(
        "#!/bin/sh\n"
        f"trap 'echo SIGINT > {marker}; exit 130' INT\n"
        "while true; do echo 'sweep: 1/2 points, 0.10 points/s, 10 s left' >&2; sleep 0.1; done\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PDTSIM", str(script))
    threading.Timer(0.5, _thread.interrupt_main).start()
    with pytest.raises(KeyboardInterrupt):
        run(["sweep"], progress=False)
    assert marker.read_text() == "SIGINT\n"


def test_every_unit_and_phase_is_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "pdtsim"
    script.write_text(
        "#!/bin/sh\n"
        "echo 'skin-table: 12/31 nodes, 2.40 nodes/s, 8 s left' >&2\n"
        "echo 'cohort: 40/200 subjects, 3.10 subjects/s, 52 s left' >&2\n"
        "echo 'sensitivity: 5/90 runs, 1.00 runs/s, 1 min 25 s left' >&2\n"
        "echo 'fit: 120/4824 evaluations, 20.0 evaluations/s, 3 min 55 s left' >&2\n"
        "echo 'calibrate: start 1/4: deviance 12.5, 9 iterations, xtol' >&2\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PDTSIM", str(script))
    completed = run(["cohort"])
    shown = capsys.readouterr().err
    assert completed.stderr == "calibrate: start 1/4: deviance 12.5, 9 iterations, xtol"
    for label in ("skin-table", "cohort", "sensitivity", "fit"):
        assert label in shown

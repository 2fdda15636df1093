"""The binary lookup: $PDTSIM, else pdtsim on PATH, else the repository's release build, else a message
saying how to build it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pdtsim
from pdtsim._binary import REPOSITORY


def fake_binary(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho fake\n")
    path.chmod(0o755)
    return path


def test_the_environment_variable_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, binary: Path) -> None:
    fake_binary(tmp_path / "on-path" / "pdtsim")
    monkeypatch.setenv("PATH", str(tmp_path / "on-path"))
    monkeypatch.setenv("PDTSIM", str(binary))
    assert pdtsim.find_binary() == binary.resolve()


def test_the_environment_variable_may_name_a_command_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = fake_binary(tmp_path / "bin" / "pdtsim-nightly")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PDTSIM", "pdtsim-nightly")
    assert pdtsim.find_binary() == fake.resolve()


def test_a_wrong_environment_variable_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_binary(tmp_path / "on-path" / "pdtsim")
    monkeypatch.setenv("PATH", str(tmp_path / "on-path"))
    monkeypatch.setenv("PDTSIM", str(tmp_path / "missing"))
    with pytest.raises(pdtsim.PdtsimNotFoundError, match=r"PDTSIM='.*missing' is not a runnable file"):
        pdtsim.find_binary()
    with pytest.raises(pdtsim.PdtsimNotFoundError):
        pdtsim.simulate()


def test_path_comes_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = fake_binary(tmp_path / "on-path" / "pdtsim")
    monkeypatch.delenv("PDTSIM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "on-path"))
    assert pdtsim.find_binary(repository=tmp_path / "repository") == fake.resolve()


def test_then_the_repository_release_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = fake_binary(tmp_path / "repository" / ".build" / "release" / "pdtsim")
    monkeypatch.delenv("PDTSIM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pdtsim.find_binary(repository=tmp_path / "repository") == build.resolve()


def test_the_default_repository_is_the_checkout_holding_the_package() -> None:
    assert (REPOSITORY / "Notebooks" / "pdtsim" / "__init__.py").is_file()
    assert (REPOSITORY / "Package.swift").is_file()


def test_none_found_says_how_to_build_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PDTSIM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(pdtsim.PdtsimNotFoundError) as raised:
        pdtsim.find_binary(repository=tmp_path / "repository")
    message = str(raised.value)
    assert "swift build -c release" in message
    assert str(tmp_path / "repository" / ".build" / "release" / "pdtsim") in message
    assert isinstance(raised.value, FileNotFoundError)


def test_a_file_that_is_not_executable_is_not_a_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "repository" / ".build" / "release" / "pdtsim"
    plain.parent.mkdir(parents=True)
    plain.write_text("not a program")
    monkeypatch.delenv("PDTSIM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert not os.access(plain, os.X_OK)
    with pytest.raises(pdtsim.PdtsimNotFoundError):
        pdtsim.find_binary(repository=tmp_path / "repository")

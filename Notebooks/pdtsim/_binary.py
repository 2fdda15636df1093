"""Where the pdtsim binary is: ``$PDTSIM``, else ``pdtsim`` on PATH, else the repository's release build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: The repository this package sits in when it is used from a checkout (``Notebooks/pdtsim/`` → the root).
REPOSITORY = Path(__file__).resolve().parents[2]
#: Where ``swift build -c release`` puts the binary, relative to the repository.
RELEASE_BUILD = Path(".build") / "release" / "pdtsim"


class PdtsimNotFoundError(FileNotFoundError):
    """No pdtsim binary: ``$PDTSIM`` names nothing runnable, or none is on PATH or in the repository's build."""


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_binary(repository: Path | None = None) -> Path:
    """The pdtsim binary this package runs.

    The lookup, in order: the ``PDTSIM`` environment variable (a path, or a command name looked up on
    PATH; when set, it must name a runnable file), then ``pdtsim`` on PATH, then the release build
    ``.build/release/pdtsim`` of the repository that holds this package.

    Parameters
    ----------
    repository
        The repository root for the last step (default: the checkout holding this package,
        ``Notebooks/pdtsim/../..``).

    Returns
    -------
    pathlib.Path
        The binary, as an absolute path.

    Raises
    ------
    PdtsimNotFoundError
        When ``PDTSIM`` is set but names nothing runnable, or when no step finds a binary; the
        message says how to build one.
    """
    root = REPOSITORY if repository is None else Path(repository)
    build = root / RELEASE_BUILD
    setting = os.environ.get("PDTSIM", "")
    if setting:
        found = shutil.which(setting)
        if found is None and _runnable(Path(setting).expanduser()):
            found = str(Path(setting).expanduser())
        if found is None:
            raise PdtsimNotFoundError(
                f"pdtsim: error: PDTSIM={setting!r} is not a runnable file or a command on PATH; expected the path "
                f"of the pdtsim binary (build it with `swift build -c release` in {root}, giving {build})"
            )
        return Path(found).resolve()
    found = shutil.which("pdtsim")
    if found is not None:
        return Path(found).resolve()
    if _runnable(build):
        return build.resolve()
    raise PdtsimNotFoundError(
        f"pdtsim: error: no pdtsim binary: PDTSIM is not set, pdtsim is not on PATH and {build} does not exist; "
        f"build it with `swift build -c release` (or `make build`) in {root}, or set PDTSIM to the binary's path"
    )

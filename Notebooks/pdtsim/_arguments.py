"""Python values as pdtsim's command-line words: one flag per argument, named as on the command line."""

from __future__ import annotations

import numbers
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Union

#: ``--set`` overrides: ``{"light.center_nm": 633, "skin": "fitzpatrick-5-6"}``, ``["light.center_nm=633"]``
#: or one ``"KEY=VALUE"``.
Overrides = Union[Mapping[str, Any], Iterable[str], str, None]
#: A file or a preset name.
NameOrPath = Union[str, "os.PathLike[str]"]


def text(value: Any) -> str:
    """One value as pdtsim reads it: ``true``/``false`` for booleans, whole numbers (``10``, ``10.0``) without a
    decimal point, other numbers in Python's shortest round-trip form (``0.1``, ``1e-05``), paths as paths."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


def listed(values: Any) -> str:
    """A comma list (``--intervals 0,30,60``, ``--vary KEY=a,b,c``); a string is passed as it is
    (``"400:700:1"``)."""
    if isinstance(values, str):
        return values
    if isinstance(values, Iterable):
        return ",".join(text(value) for value in values)
    return text(values)


def overrides(values: Overrides) -> list[str]:
    """``--set KEY=VALUE`` words, in the given order."""
    if values is None:
        return []
    if isinstance(values, str):
        items = [values]
    elif isinstance(values, Mapping):
        items = [f"{key}={text(value)}" for key, value in values.items()]
    else:
        items = [str(item) for item in values]
    words: list[str] = []
    for item in items:
        words += ["--set", item]
    return words


def variations(vary: Mapping[str, Any] | Iterable[str] | None) -> list[str]:
    """``--vary KEY=SPEC`` words: a mapping KEY → SPEC string (``"400:700:1"``, ``"a,b"``) or list of
    values, or ``"KEY=SPEC"`` strings, in the given order (the last varies fastest)."""
    if vary is None:
        return []
    if isinstance(vary, str):
        items = [vary]
    elif isinstance(vary, Mapping):
        items = [f"{key}={listed(spec)}" for key, spec in vary.items()]
    else:
        items = [str(item) for item in vary]
    words: list[str] = []
    for item in items:
        words += ["--vary", item]
    return words


def flag_name(name: str) -> str:
    """A Python keyword as its flag: ``mc_step_nm`` → ``--mc-step-nm``."""
    return "--" + name.rstrip("_").replace("_", "-")


def flags(**options: Any) -> list[str]:
    """Flags from keyword arguments, named as on the command line with ``_`` for ``-``: None and
    False leave a flag out, True gives a bare flag (``--zip``), a list or tuple repeats the flag
    once per element, anything else gives ``--flag VALUE``. This is also how the commands pass on
    keyword arguments they do not name themselves (flags of newer pdtsim versions)."""
    words: list[str] = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        flag = flag_name(name)
        if value is True:
            words.append(flag)
        elif isinstance(value, (list, tuple)):
            for element in value:
                words += [flag, text(element)]
        else:
            words += [flag, text(value)]
    return words


def shard(value: str | tuple[int, int] | None) -> str | None:
    """``--shard I/N`` from ``"I/N"`` or ``(I, N)``."""
    if value is None or isinstance(value, str):
        return value
    index, count = value
    return f"{text(index)}/{text(count)}"


def path_text(value: NameOrPath | None) -> str | None:
    """A preset name or file as given (pdtsim resolves relative paths from the working folder)."""
    return None if value is None else text(value)


def absolute(path: str | os.PathLike[str]) -> Path:
    """An output path made absolute (pdtsim 0.1.0 dropped a leading ``../`` from a relative --out)."""
    return Path(os.path.abspath(os.fspath(path)))

"""What the model says for the questions users ask, each answer with the joint fit's uncertainty.

    pdtsim calibrate Models/evidence/joint.json --jobs 2 --profiles --out out/joint
    python Notebooks/answers.py --fit out/joint --jobs 2 --paste

runs every protocol of ``QUESTIONS`` with the fitted parameters, as the fit predicts a trial: the mean
of the fit's own virtual cohort (``fit.json: studies``, 8 subjects of ``facial-skin-population`` for
joint.json; the typical subject when the fit has no cohort). The fitted values are read from the
calibrate output folder, never from ``Models/responses/default.json``: the fitted section files
(``DIR/response.json``: every key of the section, the estimated ones at their estimates) are passed as
the section (``--set response=DIR/response.json``) and each parameter vector on top as
``--set response.KEY=VALUE``.

Uncertainty (the profile envelope). ``--profiles`` re-fits the other parameters at each point of each
parameter's likelihood profile (``profiles.csv``: the whole vector θ at each point). Every converged
point with Δ deviance ≤ 3.84 (χ²₁ 95 %) is a parameter vector the data do not reject at the 95 % level,
and it already carries the trade-offs between parameters. The 95 % band of an answer is its range over
those vectors and the estimate; the band of a difference between two protocols is the range of the
paired difference (both protocols at the same vector). ``--points ends`` (the default) keeps, for each
parameter, the outermost accepted points of its profile on either side (next to where its interval
ends, or at the bound it reaches), so at most 1 + 2p vectors; ``--points all`` every accepted point of
every profile. The vectors lie on the p one-dimensional profile paths, not all over the 95 % region of
θ, so the band can be narrower than the range over that whole region would be. Why not
samples from the fit's covariance: the joint fit has parameters at their bounds and pairs the data do
not separate, where the delta method's Gaussian says nothing useful (joint.json's fit: s_max
0.99 ± 162, Wald interval −372 to 374 on a 0.01–0.99 range), and a covariance is refused outright when
the Jacobian is rank-deficient; the profiles follow the likelihood to the bounds. The envelope is
deterministic: no random draws, the same files for every run.

A difference is *placed by evidence* only when its whole band lies on one side of 0, at least
``NEGLIGIBLE`` from it: at every vector the data allow, the two protocols differ in the same direction
by at least that much. Otherwise (the band holds 0, or comes within ``NEGLIGIBLE`` of it, e.g. where
a dose-response saturated at both doses gives the two the same answer) the Markdown table says *not
placed by evidence* beside the number.

Writes ``OUT/answers.csv`` (one row per question, option and observable: estimate, band, the paired
difference from the question's reference option with its band, and whether it is placed) and
``OUT/answers.md`` (the table); ``--paste`` replaces the table between ``MARKERS`` in README.md. Exit
code 3 for a bad ``--fit`` folder or README, with one line naming the file and what was expected.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import pdtsim

REPOSITORY = Path(__file__).resolve().parents[1]

#: Δ deviance below which a profile point is a vector the data do not reject (χ²₁, 95 %).
THRESHOLD = 3.84

#: The observables answered: timeline column → (short name, unit, the mean column of cohort bands.csv).
OBSERVABLES = {
    "pore_reduction_percent": ("pore reduction", "%", "pore_reduction_percent_mean"),
    "inflammatory_lesions_relative": ("inflammatory lesions", "relative to baseline", "inflammation_mean"),
    "sebum_relative": ("sebum", "relative to baseline", "sebaceous_activity_mean"),
}

#: A difference is placed when its whole band lies at least this far from 0, on one side.
NEGLIGIBLE = {"pore_reduction_percent": 0.5, "inflammatory_lesions_relative": 0.005, "sebum_relative": 0.005}

#: Decimal places in the Markdown table.
DECIMALS = {"pore_reduction_percent": 1, "inflammatory_lesions_relative": 3, "sebum_relative": 3}

MARKERS = ("<!-- answers: begin (python Notebooks/answers.py --fit out/joint --paste) -->", "<!-- answers: end -->")

# The common ground of the cream question: every cream for 3 h (as the ALA and MAL trials of the
# library, Hörfelt 2007 and 2009) under allumera-red's light, three sessions 28 days apart.
CREAM_GROUND = {"session.incubation_s": 10800}


@dataclass(frozen=True)
class Option:
    """One protocol of a question: a protocol (preset or file under Models/) with ``--set`` overrides."""

    name: str
    protocol: str
    set: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """A question: its options (the first is the reference the others are compared with) and when it is
    read: on ``day``, or, with ``until``, as the mean over the days ``day``–``until``."""

    name: str
    options: Sequence[Option]
    day: int
    until: int | None = None

    @property
    def when(self) -> str:
        return f"day {self.day}" if self.until is None else f"mean of days {self.day}–{self.until}"


QUESTIONS = (
    Question(
        "blue or red light (clinical settings: HAL 0.2 % 60 min, 3 sessions 28 d apart)",
        (
            Option("blue 417 nm, 10 J/cm² at 10 mW/cm²", "allumera-blue"),
            Option("red 635 nm, 37 J/cm² at 75 mW/cm²", "allumera-red"),
        ),
        day=150,
    ),
    Question(
        "which cream (3 h, red 635 nm 37 J/cm², 3 sessions 28 d apart)",
        (
            Option("ALA 20 %", "allumera-red", {"cream": "ala-20pct", **CREAM_GROUND}),
            Option("ALA 5 %", "allumera-red", {"cream": "ala-5pct", **CREAM_GROUND}),
            Option("ALA 10 %", "allumera-red", {"cream": "ala-10pct", **CREAM_GROUND}),
            Option("MAL 16 %", "allumera-red", {"cream": "mal-16pct", **CREAM_GROUND}),
            Option("HAL 0.2 %", "allumera-red", {"cream": "hal-0.2pct", **CREAM_GROUND}),
        ),
        day=150,
    ),
    Question(
        "how many sessions (allumera-blue, 28 d apart)",
        (
            Option("3 sessions", "allumera-blue"),
            Option("1 session", "allumera-blue", {"schedule.initial_sessions": 1}),
            Option("4 sessions", "allumera-blue", {"schedule.initial_sessions": 4}),
        ),
        day=150,
    ),
    Question(
        "maintenance after the series (allumera-blue-maintained, followed 730 d)",
        (
            Option("none", "allumera-blue-maintained", {"schedule.maintenance_interval_days": 0}),
            Option("every 60 d", "allumera-blue-maintained", {"schedule.maintenance_interval_days": 60}),
            Option("every 90 d", "allumera-blue-maintained", {"schedule.maintenance_interval_days": 90}),
            Option("every 180 d", "allumera-blue-maintained", {"schedule.maintenance_interval_days": 180}),
        ),
        day=150,
        until=730,
    ),
)


class InputError(Exception):
    """A bad input: the message names the file or flag, the value and what was expected."""


@dataclass(frozen=True)
class Fit:
    """What answers.py needs of a calibrate output folder."""

    path: Path
    sections: dict[str, Path]
    vectors: list[tuple[str, dict[str, float]]]
    cohort: str | None
    subjects: int


def read_fit(folder: Path, points: str) -> Fit:
    """The fitted section files, the parameter vectors of the profile envelope and the fit's cohort."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; expected the output of `{calibrate_command(folder)}`")
    result = pdtsim.CalibrationResult.existing(folder, "profiles.csv")
    if result is None:
        missing = [name for name in (*pdtsim.CalibrationResult.FILES, "profiles.csv") if not (folder / name).is_file()]
        raise InputError(
            f"{folder}: no {', '.join(missing)}; expected the output of `{calibrate_command(folder)}` (with --profiles)"
        )
    sections = {name: folder / f"{name}.json" for name in result.sections}
    # The shared parameters: those of a fitted section file (a study's own `study:ID/…` and an
    # observable's scale or offset apply to no protocol here).
    estimate = {
        row["parameter"]: float(row["estimate"])
        for row in records(result.parameters)
        if row["parameter"].split(".", 1)[0] in sections
    }
    vectors = [("estimate", estimate)]
    profiles = result.profiles
    accepted = profiles[profiles["converged"].astype(bool) & (profiles["delta_deviance"] <= THRESHOLD)]
    # A profile point of any parameter, a study's own included, holds shared values the data allow.
    for parameter, rows in accepted.groupby("parameter", sort=False):
        chosen = rows if points == "all" else rows.loc[[rows["value"].idxmin(), rows["value"].idxmax()]]
        for row in records(chosen):
            vector = {name: float(row[name]) for name in estimate}
            vectors.append((f"profile of {parameter} at {row['value']:.6g}", vector))
    unique: list[tuple[str, dict[str, float]]] = []
    for label, vector in vectors:
        if all(vector != other for _, other in unique):
            unique.append((label, vector))
    cohort, subjects = None, 1
    for study in result.fit.get("studies", []):
        for arm in study["arms"]:
            if arm["cohort"] is not None:
                cohort, subjects = arm["cohort"], int(arm["subjects"])
                break
        if cohort is not None:
            break
    return Fit(folder, sections, unique, cohort, subjects)


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of a table as dicts keyed by the column names (which hold dots)."""
    return frame.to_dict("records")


def calibrate_command(folder: Path) -> str:
    return f"pdtsim calibrate Models/evidence/joint.json --jobs 2 --profiles --out {folder}"


def run_option(
    fit: Fit, option: Option, vector: Mapping[str, float], question: Question, overrides: Mapping[str, str]
) -> dict[str, float]:
    """One option at one parameter vector: each observable on the question's day (or its window mean),
    as the mean of the fit's cohort (the typical subject when the fit has none)."""
    settings: dict[str, object] = {section: str(path) for section, path in fit.sections.items()}
    settings.update(option.set)
    settings.update({name: repr(value) for name, value in vector.items()})
    settings.update(overrides)
    if fit.cohort is not None:
        result = pdtsim.cohort(
            fit.cohort, protocol=option.protocol, set=settings, subjects=fit.subjects, jobs=1, quiet=True
        )
        series = result.bands.set_index("day")
        columns = {name: spec[2] for name, spec in OBSERVABLES.items()}
    else:
        result = pdtsim.simulate(protocol=option.protocol, set=settings, quiet=True)
        series = result.timeline.set_index("day")
        columns = {name: name for name in OBSERVABLES}
    last = question.until if question.until is not None else question.day
    if series.index.max() < last:
        raise InputError(
            f"{option.protocol}: the run ends on day {series.index.max()}; "
            f"expected it to reach day {last} ({question.when})"
        )
    window = series.loc[question.day : last]
    return {name: float(window[column].mean()) for name, column in columns.items()}


def evaluate(fit: Fit, questions: Sequence[Question], overrides: Mapping[str, str], jobs: int) -> pd.DataFrame:
    """Every option of every question at every vector of the envelope, ``jobs`` runs at a time: one row per
    question, option, vector and observable."""
    tasks = [
        (q, o, v)
        for q, question in enumerate(questions)
        for o in range(len(question.options))
        for v in range(len(fit.vectors))
    ]
    runs = len(tasks) * fit.subjects
    print(
        f"answers: {sum(len(q.options) for q in questions)} protocols × {len(fit.vectors)} parameter vectors = "
        f"{len(tasks)} runs of {fit.subjects} subject(s) ({runs} simulations), {jobs} at a time",
        file=sys.stderr,
    )

    def task(indices: tuple[int, int, int]) -> dict[str, float]:
        q, o, v = indices
        return run_option(fit, questions[q].options[o], fit.vectors[v][1], questions[q], overrides)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        values = list(pool.map(task, tasks))
    return pd.DataFrame(
        [
            {"question": q, "option": o, "vector": v, "observable": name, "value": value}
            for (q, o, v), result in zip(tasks, values)
            for name, value in result.items()
        ]
    )


def summarise(fit: Fit, questions: Sequence[Question], runs: pd.DataFrame) -> pd.DataFrame:
    """answers.csv: per question, option and observable the estimate, its band over the vectors, and the
    paired difference from the question's reference option (its first) with its band."""
    rows = []
    for q, question in enumerate(questions):
        reference = question.options[0]
        for o, option in enumerate(question.options):
            for name, (label, unit, _) in OBSERVABLES.items():
                mine = runs[(runs.question == q) & (runs.option == o) & (runs.observable == name)]
                theirs = runs[(runs.question == q) & (runs.option == 0) & (runs.observable == name)]
                values = mine.sort_values("vector")["value"].to_numpy()
                difference = values - theirs.sort_values("vector")["value"].to_numpy()
                row = {
                    "question": question.name,
                    "option": option.name,
                    "protocol": option.protocol,
                    "set": "; ".join(f"{key}={value}" for key, value in option.set.items()),
                    "read": question.when,
                    "observable": name,
                    "unit": unit,
                    "estimate": values[0],
                    "low": values.min(),
                    "high": values.max(),
                    "reference": reference.name,
                    "difference": difference[0],
                    "difference_low": difference.min(),
                    "difference_high": difference.max(),
                    "placed": o != 0 and placed(name, difference.min(), difference.max()),
                    "vectors": len(values),
                    "cohort": fit.cohort or "typical subject",
                    "subjects": fit.subjects,
                }
                rows.append(row)
    return pd.DataFrame(rows)


def placed(observable: str, low: float, high: float) -> bool:
    """Whether the evidence places a difference: its whole band [low, high] lies on one side of 0, at
    least ``NEGLIGIBLE`` from it."""
    return low >= NEGLIGIBLE[observable] or high <= -NEGLIGIBLE[observable]


def number(value: float, observable: str, signed: bool = False) -> str:
    """``value`` to the observable's decimals, with a typographic minus; a value that rounds to 0 is
    written 0 without a sign."""
    rounded = round(value, DECIMALS[observable]) + 0.0
    text = f"{rounded:{'+' if signed and rounded != 0 else ''}.{DECIMALS[observable]}f}"
    return text.replace("-", "−")


def band(low: float, high: float, observable: str, signed: bool = False) -> str:
    return f"{number(low, observable, signed)} to {number(high, observable, signed)}"


def markdown(answers: pd.DataFrame) -> str:
    """The README table of answers.csv (and nothing else: the README's copy is checked against it)."""
    lines = [
        "| question | option | read on | pore reduction % (95 %) | inflammatory lesions, relative (95 %) "
        "| sebum, relative (95 %) | compared with the first option |",
        "|---|---|---|---|---|---|---|",
    ]
    previous = None
    for (question, option), rows in answers.groupby(["question", "option"], sort=False):
        by = rows.set_index("observable")
        cells = [
            f"{number(by.at[name, 'estimate'], name)} ({band(by.at[name, 'low'], by.at[name, 'high'], name)})"
            for name in OBSERVABLES
        ]
        first = rows.iloc[0]
        if first["option"] == first["reference"]:
            note = "reference"
        else:
            placed_, unplaced = [], []
            for name, (label, _, _) in OBSERVABLES.items():
                if bool(by.at[name, "placed"]):
                    placed_.append(
                        f"{label} {number(by.at[name, 'difference'], name, True)} "
                        f"({band(by.at[name, 'difference_low'], by.at[name, 'difference_high'], name, True)})"
                    )
                else:
                    unplaced.append(label)
            parts = placed_ + ([f"{', '.join(unplaced)}: **not placed by evidence**"] if unplaced else [])
            note = "; ".join(parts)
        shown = question if question != previous else ""  # each question once, on its first row
        previous = question
        lines.append(f"| {shown} | {option} | {first['read']} | " + " | ".join(cells) + f" | {note} |")
    first = answers.iloc[0]
    who = (
        f"the mean of {first['subjects']} subjects of {first['cohort']}"
        if first["cohort"] != "typical subject"
        else "the typical subject"
    )
    lines.append("")
    lines.append(
        f"Each number is {who}, at the joint fit's estimate; the range is the 95 % band, over the estimate "
        f"and {first['vectors'] - 1} parameter vectors of the fit's likelihood profiles; a difference is "
        f"paired (both options at the same vector) and placed by evidence only when its whole band lies on "
        f"one side of 0, at least {NEGLIGIBLE['pore_reduction_percent']} %-points "
        f"({NEGLIGIBLE['sebum_relative']} relative) from it."
    )
    return "\n".join(lines) + "\n"


def split(readme: Path) -> tuple[str, str]:
    """The README's text up to and including the begin marker, and from the end marker on."""
    try:
        text = readme.read_text()
    except OSError as error:
        raise InputError(f"{readme}: cannot read it ({error.strerror}); expected the README to paste into")
    begin, end = MARKERS
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise InputError(f"{readme}: expected the line {begin!r} once, followed once by {end!r}")
    head, rest = text.split(begin)
    return head + begin + "\n", end + rest.split(end)[1]


def paste(readme: Path, table: str) -> None:
    """Replaces the text between ``MARKERS`` in ``readme`` by ``table`` (written to a new file, then
    moved over the old, so the README is never half-written)."""
    head, tail = split(readme)
    new = readme.with_name(readme.name + ".answers-new")
    new.write_text(head + table + tail)
    new.replace(readme)


def readme_table(readme: Path) -> str:
    """The text between the markers of ``readme`` (without the marker lines)."""
    text = readme.read_text()
    begin, end = MARKERS
    return text.split(begin, 1)[1].split(end, 1)[0].removeprefix("\n")


def parse_overrides(words: Sequence[str]) -> dict[str, str]:
    result = {}
    for word in words:
        key, equals, value = word.partition("=")
        if not equals or not key:
            raise InputError(f"--set {word!r}: expected KEY=VALUE")
        result[key] = value
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", type=Path, default=REPOSITORY / "out" / "joint", help="calibrate output folder")
    parser.add_argument(
        "--out", type=Path, default=REPOSITORY / "Notebooks" / "answers", help="folder for answers.csv, answers.md"
    )
    parser.add_argument("--readme", type=Path, default=REPOSITORY / "README.md", help="the README for --paste")
    parser.add_argument("--paste", action="store_true", help="replace the table between the README's markers")
    parser.add_argument("--jobs", type=int, default=2, help="pdtsim runs at a time")
    parser.add_argument("--points", choices=("ends", "all"), default="ends", help="profile points used")
    parser.add_argument(
        "--question", type=int, action="append", help="only question N (1-based; repeatable)", metavar="N"
    )
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="on top of every run")
    arguments = parser.parse_args(argv)
    try:
        if arguments.jobs < 1:
            raise InputError(f"--jobs {arguments.jobs}: expected a whole number ≥ 1")
        chosen = arguments.question or list(range(1, len(QUESTIONS) + 1))
        for n in chosen:
            if not 1 <= n <= len(QUESTIONS):
                raise InputError(f"--question {n}: expected 1 to {len(QUESTIONS)}")
        questions = [QUESTIONS[n - 1] for n in chosen]
        overrides = parse_overrides(arguments.set)
        if arguments.paste:
            split(arguments.readme)  # a README without the markers is refused before anything runs
        fit = read_fit(arguments.fit.resolve(), arguments.points)
        runs = evaluate(fit, questions, overrides, arguments.jobs)
        answers = summarise(fit, questions, runs)
        arguments.out.mkdir(parents=True, exist_ok=True)
        answers.to_csv(arguments.out / "answers.csv", index=False, float_format="%.6g")
        # The table is drawn from the file as written, so that it can be checked against it.
        table = markdown(pd.read_csv(arguments.out / "answers.csv"))
        (arguments.out / "answers.md").write_text(table)
        print(f"wrote {arguments.out / 'answers.csv'} and answers.md", file=sys.stderr)
        if arguments.paste:
            paste(arguments.readme, table)
            print(f"pasted the table into {arguments.readme}", file=sys.stderr)
    except InputError as error:
        print(f"answers.py: error: {error}", file=sys.stderr)
        return 3
    except pdtsim.PdtsimError as error:
        print(f"answers.py: pdtsim failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

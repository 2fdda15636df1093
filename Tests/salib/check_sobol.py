#!/usr/bin/env python3
"""Cross-check pdtsim's Sobol indices against SALib on pdtsim's own design.

Usage: check_sobol.py DIR [--tolerance 1e-9] [--conf-ratio 2]

DIR holds pdtsim's `design.csv` (columns: run, every input, status, every readout; rows in
SALib's order for calc_second_order=False: for each base row A, A_B^(1..D), B) and
`indices.csv` (readout, parameter, S1, S1_conf, ..., ST, ST_conf, ...). For every readout the
outputs Y are given to SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False) with
D = the number of parameters in indices.csv. The point estimates S1 and ST use the same
formulas and must agree within the tolerance; the 95 % half-widths come from two different
random bootstraps (numpy's and GSL's) and must agree within a factor `conf-ratio`.
Exits 1 on any disagreement, 2 on unusable input.
"""

import argparse
import csv
import math
import sys

import numpy as np
from SALib.analyze import sobol


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--conf-ratio", type=float, default=2.0)
    args = parser.parse_args()

    indices = read_csv(f"{args.folder}/indices.csv")
    design = read_csv(f"{args.folder}/design.csv")
    if not indices or not design:
        print(f"{args.folder}: indices.csv or design.csv is empty", file=sys.stderr)
        return 2
    parameters = list(dict.fromkeys(row["parameter"] for row in indices))
    readouts = list(dict.fromkeys(row["readout"] for row in indices))
    problem = {"num_vars": len(parameters), "names": parameters, "bounds": [[0, 1]] * len(parameters)}
    if len(design) % (len(parameters) + 2) != 0:
        print(f"design.csv: {len(design)} runs are not N·(D + 2) for D = {len(parameters)}", file=sys.stderr)
        return 2

    failures = 0
    checks = 0
    worst = 0.0
    for readout in readouts:
        y = np.array([float(row[readout]) for row in design])
        salib = sobol.analyze(problem, y, calc_second_order=False, num_resamples=100, seed=1)
        for k, name in enumerate(parameters):
            ours = next(r for r in indices if r["readout"] == readout and r["parameter"] == name)
            for key in ("S1", "ST"):
                theirs, mine = float(salib[key][k]), float(ours[key])
                difference = abs(theirs - mine)
                worst = max(worst, difference)
                conf_theirs, conf_mine = float(salib[key + "_conf"][k]), float(ours[key + "_conf"])
                ratio = conf_mine / conf_theirs if conf_theirs > 0 else math.inf
                bad = not difference <= args.tolerance or not (1 / args.conf_ratio <= ratio <= args.conf_ratio)
                failures += bad
                checks += 1
                print(
                    f"{'MISMATCH ' if bad else ''}{readout} {name} {key}: pdtsim {mine:.12f} ± {conf_mine:.4f}, "
                    f"SALib {theirs:.12f} ± {conf_theirs:.4f} (|Δ| = {difference:.2e}, conf ratio {ratio:.2f})"
                )
    print(f"largest |Δ| of a point estimate: {worst:.2e}; {failures} mismatch(es)")
    print(f"salib: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

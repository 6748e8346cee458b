#!/usr/bin/env python3
"""irrCAC part of the Python reference pipeline (one process).

irrCAC 0.4.4 pins numpy 1.26 and scipy 1.12, so it runs in its own virtual
environment. Computes Gwet's AC1/AC2, Fleiss' kappa (Gwet's generalisation),
Krippendorff's alpha and Brennan-Prediger with identity and quadratic weights,
each with Gwet's standard error, and prints them as JSON.

Usage: python reference_irrcac.py RATINGS.csv
"""
import json
import sys

import pandas as pd
from irrCAC.raw import CAC


def main(path):
    long = pd.read_csv(path)
    wide = long.pivot(index="unit", columns="rater", values="score")
    out = {}
    for weights, suffix in [("identity", ""), ("quadratic", "_quadratic")]:
        cac = CAC(wide, weights=weights, categories=[1, 2, 3, 4], digits=15)
        gwet = cac.gwet()["est"]
        out["gwet_ac1" if weights == "identity" else "gwet_ac2_quadratic"] = gwet["coefficient_value"]
        out[f"fleiss_kappa{suffix}"] = cac.fleiss()["est"]["coefficient_value"]
        out[f"krippendorff_alpha_gwet{suffix}"] = cac.krippendorff()["est"]["coefficient_value"]
        out[f"brennan_prediger{suffix}"] = cac.bp()["est"]["coefficient_value"]
    json.dump({k: float(v) for k, v in out.items()}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])

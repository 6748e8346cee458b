#!/usr/bin/env python3
"""Python reference pipeline for the agreement benchmark (one process).

Loads the long-form CSV with pandas, pivots it to units x raters and computes
the statistics that `evident agreement` reports, with the reference packages:
krippendorff (alpha, 4 levels), scikit-learn (Cohen's kappa of raters r01 and
r02, 3 weightings; `evident agreement --pairs` computes all 45 pairs), pingouin (ICC, Kendall's W via friedman) and statsmodels
(Fleiss' kappa on complete units), plus percent agreement in numpy.
Gwet's coefficients come from irrCAC, which needs other numpy/scipy versions and
runs in reference_irrcac.py. Prints the values as JSON.

Usage: python reference_pipeline.py RATINGS.csv
"""
import itertools
import json
import sys

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

SCALE = [1, 2, 3, 4]


def main(path):
    long = pd.read_csv(path)
    wide = long.pivot(index="unit", columns="rater", values="score")
    out = {}
    data = wide.T.to_numpy(dtype=float)
    for level in ["nominal", "ordinal", "interval", "ratio"]:
        out[f"krippendorff_alpha_{level}"] = krippendorff.alpha(
            reliability_data=data, level_of_measurement=level, value_domain=SCALE
        )
    for a, b in itertools.islice(itertools.combinations(wide.columns, 2), 1):
        both = wide[[a, b]].dropna()
        for weights, name in [(None, ""), ("linear", "_linear"), ("quadratic", "_quadratic")]:
            out[f"cohen_kappa{name}[{a},{b}]"] = cohen_kappa_score(
                both[a], both[b], labels=SCALE, weights=weights
            )
    complete = wide.dropna()
    counts = np.stack([(complete.to_numpy() == k).sum(axis=1) for k in SCALE], axis=1)
    out["fleiss_kappa_complete_units"] = fleiss_kappa(counts, method="fleiss")
    icc = pg.intraclass_corr(
        data=long, targets="unit", raters="rater", ratings="score", nan_policy="omit"
    )
    for row, name in zip(icc.itertuples(), ["icc1", "icc2", "icc3", "icc1k", "icc2k", "icc3k"]):
        out[name] = row.ICC
        out[f"{name}_f"] = row.F
    complete_long = complete.stack().rename("score").reset_index()
    friedman = pg.friedman(data=complete_long, dv="score", within="unit", subject="rater")
    out["kendall_w"] = float(friedman["W"].iloc[0])
    # Percent agreement (unit mean of agreeing pairs), as the platform defines it.
    per_category = np.stack([(wide.to_numpy() == k).sum(axis=1) for k in SCALE], axis=1)
    r = per_category.sum(axis=1)
    pairable = r >= 2
    exact = (per_category * (per_category - 1) / 2).sum(axis=1)
    adjacent = exact + (per_category[:, :-1] * per_category[:, 1:]).sum(axis=1)
    pairs = r * (r - 1) / 2
    out["percent_exact"] = float(np.mean(exact[pairable] / pairs[pairable]))
    out["percent_adjacent"] = float(np.mean(adjacent[pairable] / pairs[pairable]))
    json.dump({k: float(v) for k, v in out.items()}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])

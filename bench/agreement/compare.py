#!/usr/bin/env python3
"""Compare `evident agreement --format json` output on the large case with the
reference values in crates/evident-stats/tests/data/cases/large-100k-x10.

Usage: python3 compare.py EVIDENT.json EXPECTED.json
Exits 1 when a value differs by more than 1e-9 relative (1e-12 absolute floor).
Standard library only.
"""
import json
import sys

# expected.json name -> evident name (ICC entries hold [ICC, F, df1, df2, p]).
NAMES = {
    "krippendorff_alpha_nominal": "krippendorff_alpha_nominal",
    "krippendorff_alpha_ordinal": "krippendorff_alpha_ordinal",
    "krippendorff_alpha_interval": "krippendorff_alpha_interval",
    "krippendorff_alpha_ratio": "krippendorff_alpha_ratio",
    "gwet_ac1": "gwet_ac1",
    "fleiss_kappa_gwet": "fleiss_kappa",
    "brennan_prediger": "brennan_prediger",
    "gwet_ac2_quadratic": "gwet_ac2_quadratic",
    "fleiss_kappa_gwet_quadratic": "fleiss_kappa_quadratic",
    "brennan_prediger_quadratic": "brennan_prediger_quadratic",
    "kendall_W_tie_corrected_complete_units": "kendall_w",
    "cohen_kappa_unweighted_r01_vs_r02": "cohen_kappa[r01,r02]",
    "cohen_kappa_linear_r01_vs_r02": "cohen_kappa_linear[r01,r02]",
    "cohen_kappa_quadratic_r01_vs_r02": "cohen_kappa_quadratic[r01,r02]",
    "percent_exact_pairwise_unit_mean": "percent_exact",
    "percent_exact_pooled_pairs": "percent_exact_pooled",
    "percent_adjacent_pairwise_unit_mean": "percent_adjacent",
    "n_units_pairable": "units_pairable",
}
ICC = {
    "ICC(1,1)_listwise": "icc1",
    "ICC(A,1)_listwise": "icc2",
    "ICC(C,1)_listwise": "icc3",
    "ICC(1,k)_listwise": "icc1k",
    "ICC(A,k)_listwise": "icc2k",
    "ICC(C,k)_listwise": "icc3k",
}
# Reported by the references but not by `evident agreement`.
NOT_REPORTED = {
    "fleiss_kappa_complete_units_only": "Fleiss' kappa restricted to complete units; "
    "evident reports Gwet's generalisation over all units (fleiss_kappa)",
}


def close(actual, expected):
    return abs(actual - expected) <= 1e-9 * abs(expected) + 1e-12


def main(evident_path, expected_path):
    evident = json.load(open(evident_path))
    expected = json.load(open(expected_path))["expected"]
    failures, compared = [], 0
    for key, references in expected.items():
        if key in NOT_REPORTED:
            continue
        first = references[0]["value"]
        if key in ICC:
            name = ICC[key]
            pairs = zip(["", "_f", "_df1", "_df2", "_p"], first)
        elif key in NAMES:
            pairs = [("", first)]
            name = NAMES[key]
        else:
            failures.append(f"{key}: not mapped")
            continue
        for suffix, value in pairs:
            actual = evident.get(name + suffix)
            compared += 1
            if actual is None or not close(actual, value):
                failures.append(f"{name + suffix}: evident {actual}, reference {value}")
    print(f"compared {compared} values with the references")
    for failure in failures:
        print("MISMATCH", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

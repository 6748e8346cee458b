#!/usr/bin/env python3
# The project's generator of the large agreement case, copied with only this
# comment added; the expected values in
# crates/evident-stats/tests/data/cases/large-100k-x10 come from its default output.
"""Seeded generator for the large speed case.

Default: 100,000 student work samples x 10 raters on a 4-point rubric
(scores 1-4), each cell missing with probability 0.30 (MCAR), so about
700,000 ratings out of 1,000,000 cells. Output: CSV in long format
`unit,rater,score` (missing cells are absent rows), sorted by unit then rater.

Model: latent quality q_u ~ N(0, 1); rater severity b_r ~ N(0, 0.3);
score = clip(round(2.5 + 0.9*q_u + b_r + e), 1, 4), e ~ N(0, 0.6).

Usage: python gen_large.py OUT.csv [--units 100000] [--raters 10]
                           [--missing 0.30] [--seed 20261204]
Prints the SHA-256 of the written file so a re-generation can be checked.
Only numpy is required.
"""
import argparse, hashlib, sys
import numpy as np

def generate(units=100_000, raters=10, missing=0.30, seed=20261204):
    rng = np.random.default_rng(seed)
    q = rng.normal(0.0, 1.0, size=units)
    b = rng.normal(0.0, 0.3, size=raters)
    e = rng.normal(0.0, 0.6, size=(units, raters))
    score = np.clip(np.rint(2.5 + 0.9 * q[:, None] + b[None, :] + e), 1, 4).astype(np.int8)
    present = rng.random((units, raters)) >= missing
    return score, present

def write_csv(path, score, present):
    units, raters = score.shape
    uu, rr = np.nonzero(present)
    with open(path, "w", newline="\n") as f:
        f.write("unit,rater,score\n")
        chunk = 200_000
        for s in range(0, len(uu), chunk):
            u = uu[s:s + chunk]; r = rr[s:s + chunk]; v = score[u, r]
            f.write("".join(f"u{a + 1:06d},r{c + 1:02d},{d}\n" for a, c, d in zip(u.tolist(), r.tolist(), v.tolist())))
    h = hashlib.sha256(open(path, "rb").read()).hexdigest()
    return len(uu), h

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--raters", type=int, default=10)
    ap.add_argument("--missing", type=float, default=0.30)
    ap.add_argument("--seed", type=int, default=20261204)
    a = ap.parse_args()
    score, present = generate(a.units, a.raters, a.missing, a.seed)
    n, h = write_csv(a.out, score, present)
    print(f"wrote {n} ratings ({a.units} units x {a.raters} raters, missing={a.missing}, seed={a.seed}) sha256={h}")

if __name__ == "__main__":
    sys.exit(main())

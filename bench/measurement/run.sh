#!/usr/bin/env bash
# Side-by-side benchmark of `evident rasch` and the numpy JMLE reference on the seeded
# statewide comparability data set (200,000 students, 2,000 raters, about 480,000 ratings).
#
# Usage: bench/measurement/run.sh [WORKDIR]
#   RUNS=3        runs of each program; medians are reported
#   PYTHON=python3 an interpreter with numpy and pandas
#   EVIDENT=target/release/evident   built with `cargo build --release -p evident`
# Needs GNU time at /usr/bin/time for peak resident memory.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-${TMPDIR:-/tmp}/evident-statewide-bench}"
runs="${RUNS:-3}"
python="${PYTHON:-python3}"
evident="${EVIDENT:-target/release/evident}"
mkdir -p "$work"

if [ ! -f "$work/data/ratings.csv" ]; then
    "$python" "$here/generate_statewide.py" --out "$work/data" > "$work/design.txt"
fi
echo "data: $(cat "$work/design.txt")"

# Runs one command under GNU time; appends "seconds,peak_kb" to the named result file.
measure() {
    local results="$1"
    shift
    /usr/bin/time -f "%e,%M,%U,%S" -o "$work/time.txt" "$@" > "$work/last_output" 2> "$work/last_error"
    cat "$work/time.txt" >> "$results"
}

rm -f "$work/evident.times" "$work/oracle.times"
for run in $(seq "$runs"); do
    measure "$work/evident.times" "$evident" rasch "$work/data/ratings.csv" --group district --format json
    cp "$work/last_output" "$work/evident.json"
    measure "$work/evident.times" "$evident" rasch "$work/data/ratings.csv" --group district --format json --bias-correction
    cp "$work/last_output" "$work/evident_corrected.json"
    measure "$work/oracle.times" "$python" "$here/mfrm_jmle_reference.py" "$work/data/ratings.csv" --quiet --json "$work/oracle.json"
    echo "run $run done"
done

"$python" - "$work" <<'PY'
import json, statistics, sys
import numpy as np
import pandas as pd

work = sys.argv[1]

def times(name):
    rows = [line.strip().split(",") for line in open(f"{work}/{name}.times") if line.strip()]
    return [(float(w), int(kb), float(u) + float(s)) for w, kb, u, s in rows]

evident_all = times("evident")
plain, corrected = evident_all[0::2], evident_all[1::2]
oracle = times("oracle")

def summary(label, rows):
    wall = statistics.median(r[0] for r in rows)
    cpu = statistics.median(r[2] for r in rows)
    peak = max(r[1] for r in rows) / 1024
    print(f"{label:<40} median wall {wall:7.2f} s  median CPU {cpu:7.2f} s  peak RSS {peak:6.0f} MiB  (runs: {len(rows)})")
    return wall, cpu

e_wall, e_cpu = summary("evident rasch", plain)
summary("evident rasch --bias-correction", corrected)
o_wall, o_cpu = summary("numpy JMLE reference", oracle)
print(f"ratio reference / evident: wall {o_wall / e_wall:.1f}x, CPU {o_cpu / e_cpu:.1f}x")

truth = pd.read_csv(f"{work}/data/truth_raters.csv").set_index("rater")["severity"]
for label, path, key in [("evident", "evident.json", "measure"),
                         ("evident corrected", "evident_corrected.json", "corrected_measure"),
                         ("reference", "oracle.json", "measure")]:
    fit = json.load(open(f"{work}/{path}"))
    facet = fit["facets"]["rater"] if isinstance(fit["facets"], dict) else \
        next(f["elements"] for f in fit["facets"] if f["facet"] == "rater")
    rows = facet if isinstance(facet, list) else facet
    est = pd.Series({r.get("label", r.get("element")): r[key] for r in rows})
    t = truth.loc[est.index]
    r = np.corrcoef(est.values, t.values)[0, 1]
    slope = np.polyfit(t.values, est.values, 1)[0]
    print(f"{label:<18} rater severity vs truth: r = {r:.4f}, slope = {slope:.3f}")

ours = json.load(open(f"{work}/evident.json"))
ref = json.load(open(f"{work}/oracle.json"))
for facet in ("rater", "task"):
    a = {e["label"]: e["measure"] for f in ours["facets"] if f["facet"] == facet for e in f["elements"]}
    b = {e["element"]: e["measure"] for e in ref["facets"][facet]}
    print(f"largest |evident - reference| {facet} measure: {max(abs(a[k] - b[k]) for k in b):.2e} logits")
PY

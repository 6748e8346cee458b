#!/usr/bin/env bash
# Side-by-side benchmark of `evident agreement` and the Python reference
# pipeline on the large synthetic case (700,481 ratings), whole process each.
#
# Setup (once), from PyPI; irrCAC 0.4.4 pins numpy 1.26 and scipy 1.12:
#   python3 -m venv /tmp/agreement-ref
#   /tmp/agreement-ref/bin/pip install numpy==2.4.6 pandas==2.3.3 scipy==1.17.1 \
#       krippendorff==0.9.0 pingouin==0.7.0 scikit-learn==1.9.1 statsmodels==0.15.0
#   python3 -m venv /tmp/agreement-irrcac
#   /tmp/agreement-irrcac/bin/pip install irrCAC==0.4.4 numpy==1.26.4 scipy==1.12.0 pandas==2.3.3
#
# Usage: bench/agreement/run.sh [RUNS]   (default 3; prints medians, max RSS)
# Environment: REF_VENV, IRRCAC_VENV (venv paths), CARGO_TARGET_DIR, and
# EVIDENT to time an already built release binary instead of building one.
set -euo pipefail

runs=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ref_venv=${REF_VENV:-/tmp/agreement-ref}
irrcac_venv=${IRRCAC_VENV:-/tmp/agreement-irrcac}
target=${CARGO_TARGET_DIR:-$root/target-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$ref_venv/bin/python" "$here/gen_large.py" "$work/large.csv"
csv_bytes=$(stat -c %s "$work/large.csv")

if [[ -z "${EVIDENT:-}" ]]; then
    CARGO_TARGET_DIR=$target cargo build --release --quiet -p evident --manifest-path "$root/Cargo.toml"
fi
evident=${EVIDENT:-$target/release/evident}

# Runs a command `runs` times under /usr/bin/time; prints "median_s max_rss_kb".
measure() {
    local times=() rss=0 line
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out.json"
        read -r seconds kb < "$work/time"
        times+=("$seconds")
        if (( kb > rss )); then rss=$kb; fi
    done
    line=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$line $rss"
}

read -r rust_s rust_kb < <(measure "$evident" agreement "$work/large.csv" --scale 1..4 --level ratio --pairs --format json)
cp "$work/out.json" "$work/evident.json"
read -r py_s py_kb < <(measure "$ref_venv/bin/python" "$here/reference_pipeline.py" "$work/large.csv")
read -r irr_s irr_kb < <(measure "$irrcac_venv/bin/python" "$here/reference_irrcac.py" "$work/large.csv")

python3 "$here/compare.py" "$work/evident.json" \
    "$root/crates/evident-stats/tests/data/cases/large-100k-x10/expected.json"

python3 - "$rust_s" "$py_s" "$irr_s" "$rust_kb" "$py_kb" "$irr_kb" "$csv_bytes" "$runs" <<'PY'
import sys
rust, py, irr = map(float, sys.argv[1:4])
rust_kb, py_kb, irr_kb, csv_bytes, runs = map(int, sys.argv[4:9])
print(f"median of {runs} runs, whole process (wall clock s, max RSS MB):")
print(f"  evident agreement --pairs --level ratio : {rust:7.2f} s  {rust_kb/1024:7.1f} MB")
print(f"  Python references (pandas, krippendorff, sklearn, pingouin, statsmodels): {py:7.2f} s  {py_kb/1024:7.1f} MB")
print(f"  Python irrCAC (Gwet's coefficients)     : {irr:7.2f} s  {irr_kb/1024:7.1f} MB")
print(f"  speed-up vs Python pipeline total       : {(py + irr) / rust:7.1f}x")
print(f"  evident max RSS / CSV size              : {rust_kb * 1024 / csv_bytes:7.2f}")
PY

#!/bin/sh
# Sign and verify throughput, Rust and Node side by side on this machine.
# usage: interop/ob3/bench.sh [N]   (default 200 iterations per operation)
# Needs interop/ob3/setup.sh first. Prints one JSON line per implementation
# and operation (median milliseconds and operations per second).
set -eu
N="${1:-200}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
cargo bench -q -p evident-credentials --bench sign_verify -- "$N"
node interop/ob3/bench.mjs "$N"

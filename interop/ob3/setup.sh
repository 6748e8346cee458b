#!/bin/sh
# Installs the pinned Node libraries used by the OB 3.0 interop tests
# (versions fixed in package-lock.json). Run before `cargo test`.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund

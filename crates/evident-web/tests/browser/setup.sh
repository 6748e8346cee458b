#!/bin/sh
# Installs axe-core (pinned in package-lock.json) for the browser tests.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund

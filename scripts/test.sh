#!/usr/bin/env bash
# Set up and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Chromium, a Chinese font and curl for the browser and client tests (Debian; skipped when present).
bash scripts/setup-browser.sh
# wrk for the benchmark harness test (tests/test_benchmarks.py), as `make bench` uses it.
bash scripts/setup-bench.sh
# Virtuoso for the remote-store tests (Debian; skipped when present).
bash scripts/setup-virtuoso.sh
.venv/bin/python -m pytest -q "$@"

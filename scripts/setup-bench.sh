#!/usr/bin/env bash
# Debian packages `make bench` needs: wrk, the load generator of the endpoint benchmark.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" wrk

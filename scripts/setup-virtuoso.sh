#!/usr/bin/env bash
# Debian's Virtuoso (virtuoso-opensource 7.2): the triple store the remote-store
# tests start on loopback with a database of their own (tests/virtuoso.py), so the
# package's own service is not needed. Skips apt when it is already installed.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" virtuoso-opensource

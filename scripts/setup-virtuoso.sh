#!/usr/bin/env bash
# Debian's Virtuoso (virtuoso-opensource 7.2), the triple store the remote-store
# tests start on loopback (tests/virtuoso.py). Skips apt when it is installed.
# The package asks no questions when installed noninteractively; its own
# service is not needed (the tests start virtuoso-t with a database of their own).
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "installing virtuoso-opensource (Debian)"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q virtuoso-opensource

#!/usr/bin/env bash
# Debian packages the browser tests and `budgetkg screenshots` need: Chromium
# (driven by Playwright at /usr/bin/chromium; Playwright never downloads a
# browser here), a Chinese font (without one Chinese renders as boxes), curl
# for the client tests. Skips apt when everything is already installed.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" chromium fonts-wqy-microhei fontconfig curl

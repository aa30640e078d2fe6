#!/usr/bin/env bash
# Debian packages the browser tests and `budgetkg screenshots` need: Chromium
# (driven by Playwright at /usr/bin/chromium; Playwright never downloads a
# browser here), a Chinese font (without one Chinese renders as boxes), curl
# for the client tests. Skips apt when everything is already installed.
set -euo pipefail
packages=(chromium fonts-wqy-microhei fontconfig curl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "installing ${missing[*]} (Debian)"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"

#!/usr/bin/env bash
# Set up, load the bundled samples into the embedded store, and ask the first question.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/budgetkg load examples/samples --store budgetkg-store
.venv/bin/budgetkg query projects-citing-policy --param 'docNumber=沪委办〔2021〕15号' --store budgetkg-store

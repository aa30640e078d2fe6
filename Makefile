# Benchmarks: `make bench` (10 and 100 documents, about 25 minutes on 2 cores);
# `make bench SIZES=10,100,1000` adds the 1,000-document corpus.
PYTHON ?= .venv/bin/python
SIZES ?= 10,100
JOBS ?= 2
REPEAT ?= 20
# seconds after which pySHACL over all documents (validation baseline) is stopped, at most
VALIDATION_CAP ?= 300
# seconds of wrk load per server and request (the endpoint benchmark)
ENDPOINT_SECONDS ?= 10
OUT ?= bench-results

.PHONY: bench setup test corpus

setup: .venv/bin/budgetkg

.venv/bin/budgetkg:
	bash scripts/setup.sh

bench: setup
	bash scripts/setup-bench.sh
	$(PYTHON) -m benchmarks.run --sizes $(SIZES) --jobs $(JOBS) --repeat $(REPEAT) --validation-cap $(VALIDATION_CAP) --endpoint-seconds $(ENDPOINT_SECONDS) --out $(OUT)

corpus: setup
	$(PYTHON) -m benchmarks.corpus --documents $(or $(DOCUMENTS),100) --out $(or $(CORPUS),corpus)

test:
	bash scripts/test.sh

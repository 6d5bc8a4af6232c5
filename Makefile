# ClusterAtlas — the three entry points. Each installs missing Debian packages first
# (scripts/install-deps), then builds with CMake + Ninja into build/.
BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= clusteratlas.db
FUZZ_SECONDS ?= 10
# UNITY=ON builds in batches of 16 sources (CMakeLists.txt says how): a fresh build in about
# 10 minutes instead of 16 on two cores, but a change recompiles its whole batch. CI (.ci/run)
# builds once from scratch, so it says ON; for working on the code, the default.
UNITY ?= OFF
BIN = $(BUILD)/clusteratlas

.PHONY: run test bench build deps clean format fuzz

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	 -DCMAKE_UNITY_BUILD=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@scripts/build-web $(BUILD)

# Creates clusteratlas.db with the reference data and the synthetic demo data set, prints the
# national overview, the clusters' ranking with grades under the torch-iic model system and the
# demo's selection round (its stages and each province's applications against its quota), then
# serves the API on it with a demo account of every role (random passwords, shown once here and
# kept only hashed; a second `make run` gives the same accounts new ones). Ctrl-C stops it.
PORT ?= 8080
run: build
	@$(BIN) --db $(DB) demo
	@echo
	@$(BIN) --db $(DB) stats --by region
	@echo
	@$(BIN) --db $(DB) stats --by province
	@echo
	@$(BIN) --db $(DB) evaluate --system torch-iic --top 20
	@echo
	@$(BIN) --db $(DB) round show 1
	@echo
	@$(BIN) --db $(DB) reliability --round 1
	@echo
	@$(BIN) --db $(DB) notice show --round 2
	@echo
	@$(BIN) --db $(DB) demo --accounts
	@echo
	@echo "The dashboard on http://127.0.0.1:$(PORT)/ (docs/web.md): sign in with an account above."
	@echo "The API on http://127.0.0.1:$(PORT)/api/v1/ (docs/api.md) — Ctrl-C stops both. In a browser:"
	@echo "  http://127.0.0.1:$(PORT)/api/v1/overview        the public programme overview"
	@echo "  http://127.0.0.1:$(PORT)/api/v1/rounds          the demo's selection round"
	@echo "  http://127.0.0.1:$(PORT)/api/v1/rounds/1/form   its review form"
	@echo "  http://127.0.0.1:$(PORT)/api/v1/openapi.json    every route"
	@echo "With curl, signed in as demo-analyst (its password above):"
	@echo "  curl -s -c jar.txt -H 'Content-Type: application/json' \\"
	@echo "       -d '{\"login\": \"demo-analyst\", \"password\": \"PASSWORD\"}' http://127.0.0.1:$(PORT)/api/v1/session"
	@echo "  curl -s -b jar.txt http://127.0.0.1:$(PORT)/api/v1/zones"
	@echo
	@$(BIN) --db $(DB) serve --listen 127.0.0.1:$(PORT)

# Every test: the libFuzzer harnesses for a bounded time, the unit tests of the library and of
# the server (its connections, jobs and caches run on many threads) under AddressSanitizer and
# UBSan (a unity build: CMakeLists.txt says why), then unit and end-to-end tests through ctest
# (its summary closes the run).
test: build
	@scripts/fuzz $(FUZZ_SECONDS)
	@cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DATLAS_SANITIZE=ON \
	 -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS) --target atlas_tests server_tests
	@cd $(BUILD)-asan && export ASAN_OPTIONS=detect_leaks=1 \
	 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 && \
	 ./atlas_tests --gtest_brief=1 && ./server_tests --gtest_brief=1
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Every bench/*.sh. bench/server.sh's mixed load runs BENCH_SERVER_MINUTES minutes (default 2;
# bench/RESULTS.md's run used 10).
bench: build
	@if ls bench/*.sh >/dev/null 2>&1; then for b in bench/*.sh; do bash $$b; done; \
	 else echo "no benchmarks yet"; fi

fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h')

clean:
	@rm -rf $(BUILD)

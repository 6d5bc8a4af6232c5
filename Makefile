# ClusterAtlas — the three entry points. Each installs missing Debian packages first
# (scripts/install-deps), then builds with CMake + Ninja into build/.
BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= clusteratlas.db
BIN = $(BUILD)/clusteratlas

.PHONY: run test bench build deps clean format

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Creates clusteratlas.db with the reference data and the synthetic demo data set, then prints
# the national overview.
run: build
	@$(BIN) --db $(DB) demo
	@echo
	@$(BIN) --db $(DB) stats --by region
	@echo
	@$(BIN) --db $(DB) stats --by province

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@if ls bench/*.sh >/dev/null 2>&1; then for b in bench/*.sh; do bash $$b; done; \
	 else echo "no benchmarks yet"; fi

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h')

clean:
	@rm -rf $(BUILD)

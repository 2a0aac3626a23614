# liandong — the front door. `make run` and `make test` install what is missing, build and
# go; the other targets are their steps.

BUILD      ?= build
TEST_BUILD ?= build-asan
DB         ?= var/demo.db
LISTEN     ?= 127.0.0.1:8080
NINJA      ?= ninja

.PHONY: all deps build server web run clean-demo bench bench-scaling fuzz test test-unit test-web test-api test-api-pg test-browser clean

all: build

deps:
	@sh tools/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized -Dtests=disabled

server: $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

web:
	cd web && npm run --silent build

build: deps server web

run: build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then $(BUILD)/liandong demo --db $(DB) --sample; else \
	  echo "using the existing demo database $(DB) (make clean-demo to start over)"; \
	  echo "demo accounts (password Liandong@2026): office leader supervisor reviewer unit_leader filler sysadmin secadmin auditor county_filler"; fi
	@echo "open http://$(LISTEN)/ — Ctrl-C stops the server"
	$(BUILD)/liandong serve --db $(DB) --listen $(LISTEN) --web web/dist --mode demo

clean-demo:
	rm -f $(DB) $(DB)-wal $(DB)-shm

# The test build has AddressSanitizer and UndefinedBehaviorSanitizer; every test runs against it.
$(TEST_BUILD)/build.ninja:
	meson setup $(TEST_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dtests=enabled

test: deps $(TEST_BUILD)/build.ninja $(BUILD)/build.ninja
	$(NINJA) -C $(TEST_BUILD)
	$(NINJA) -C $(BUILD)
	$(MAKE) --no-print-directory web
	$(MAKE) --no-print-directory test-unit test-web test-api test-api-pg test-browser

test-unit:
	meson test -C $(TEST_BUILD) --print-errorlogs

test-web:
	cd web && npm run --silent test

test-api:
	LIANDONG_BIN=$(CURDIR)/$(TEST_BUILD)/liandong LIANDONG_RELEASE_BIN=$(CURDIR)/$(BUILD)/liandong \
	  node --test --test-concurrency=2 tests/api/

# The same API suite on PostgreSQL 15: a throwaway cluster in a temporary directory, started
# and stopped by the script (tools/test-api-pg.sh).
test-api-pg:
	bash tools/test-api-pg.sh $(CURDIR)/$(TEST_BUILD)/liandong $(CURDIR)/$(BUILD)/liandong

test-browser:
	LIANDONG_BIN=$(CURDIR)/$(TEST_BUILD)/liandong node --test --test-concurrency=1 tests/browser/

# Each scenario beside its reference in one run (reads beside nginx serving the same bytes,
# report submissions beside one-row-per-transaction SQLite, batch jobs beside sqlite3), login,
# a SIGKILL durability check, memory, database size and the UI's weight (bench/README.md).
bench: build
	bash bench/run.sh

# List, detail and dashboard at small, province and 4× province data: slow (it generates the
# datasets once, then keeps them in var/bench/).
bench-scaling: build
	SCALES="$${SCALES:-small province province4}" PARTS=none bash bench/run.sh

# Fuzzing with libFuzzer (clang): each target runs FUZZ_SECONDS on a scratch copy of its
# seeds; a crash is written to tests/fuzz/crashes/, to be committed so make test replays it.
FUZZ_SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz
fuzz: deps
	[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true -Dtests=disabled \
	  -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized
	$(NINJA) -C $(FUZZ_BUILD)
	for t in query csv router json xlsx; do \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t; \
	  seeds=tests/fuzz/corpus/$$t; [ $$t = xlsx ] && seeds=tests/unit/data/xlsx; \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=tests/fuzz/crashes/$$t- \
	    $(FUZZ_BUILD)/corpus-$$t $$seeds || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD) web/dist

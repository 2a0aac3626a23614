#!/bin/bash
# The API suite on PostgreSQL, as `make test` runs it after the SQLite run: a throwaway
# PostgreSQL 15 cluster in a temporary directory (tools/pg-cluster.sh; as the postgres user
# when run as root), the small demo generated once into a template database that each test
# server copies, the two schemas compared (tools/pg-schema-diff.py), then tests/api/ with
# LIANDONG_TEST_PG set. The cluster is stopped and its
# directory removed however the run ends.
#   tools/test-api-pg.sh TEST_BINARY RELEASE_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
release=$2
dir=$(mktemp -d)
trap 'tools/pg-cluster.sh stop "$dir" || true; rm -rf "$dir"' EXIT
url=$(tools/pg-cluster.sh start "$dir")
psql "$url" -qAtX -v ON_ERROR_STOP=1 -c 'CREATE DATABASE ld_demo' >/dev/null
template=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/ld_demo"; console.log(u.toString())' "$url")
"$release" demo --db "$template" --scale small --seed 1 >/dev/null
# the two sets of migrations (sql/, sql/pg/) must make the same tables, columns, indexes, triggers
"$release" init --db "$dir/schema.db" >/dev/null
python3 tools/pg-schema-diff.py "$dir/schema.db" "$template"
echo "test-api-pg: PostgreSQL $(psql "$url" -qAtX -c 'SHOW server_version'), demo template ready"
LIANDONG_TEST_PG=$url LIANDONG_TEST_PG_TEMPLATE=ld_demo LIANDONG_BIN=$bin LIANDONG_RELEASE_BIN=$release \
	node --test --test-concurrency=2 tests/api/

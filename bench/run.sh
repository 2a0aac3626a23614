#!/usr/bin/env bash
# make bench: liandong measured beside a reference in the same run (bench/README.md).
#   reads       each read scenario under wrk against liandong and against nginx serving the
#               very bytes liandong answered;
#   login       logins under wrk (Argon2id, rate-limited), successes apart from 429s;
#   writes      report submissions under wrk, every one a fresh 201, beside bench/ref_insert.c
#               (one row per transaction into SQLite with liandong's settings, same disk);
#   durability  the write load, the server SIGKILLed in the middle and restarted: every
#               report acknowledged with 201 must be in the database;
#   jobs        the batch jobs at the dataset's scale, each beside a plain sqlite3 query over
#               the same rows;
#   scaling     list, detail and dashboard at each size of SCALES (not by default: slow).
# Then the server's memory, the database size and the web UI's weight. Timings are printed,
# never asserted.
#
# Environment: SCALE (province), VOLUME (1), SEED (1), DEMO_FLAGS (--sample), DATA_DAY (today in China),
# REGEN (1 generates the datasets again), DURATION (10s), CONNS (32), THREADS (2), PARTS
# ("reads login writes durability jobs"), SCALES (none; e.g. "small province province4"),
# WRITERS (32), WRITE_RATE_MAX (30000), REF_CONNS (1), EXPORT_ROWS and IMPORT_ROWS (10000),
# LIANDONG_BIN (build/liandong). Datasets are kept in var/bench/, keyed by scale, volume, seed,
# DEMO_FLAGS and day; every part of the run works on a fresh copy of one.
# PG_URL (a PostgreSQL 15 cluster's URL as a user who may create databases, e.g. what
# `tools/pg-cluster.sh start DIR` prints): the server runs on PostgreSQL instead, on a copy of
# the dataset moved there with `liandong migrate-data` (kept in the cluster, keyed like the
# file); every part runs there, its references too (writes beside pgbench inserting one row per
# transaction into the same cluster, the batch jobs beside psql).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
SCALE=${SCALE:-province}
VOLUME=${VOLUME:-1}
SEED=${SEED:-1}
DEMO_FLAGS=${DEMO_FLAGS:---sample}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
PG_URL=${PG_URL:-}
# psql and the servers (libpq reads PGOPTIONS) keep PostgreSQL's notices to themselves
[[ -z $PG_URL ]] || export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
PARTS=${PARTS:-reads login writes durability jobs}
SCALES=${SCALES:-}
WRITERS=${WRITERS:-32}
WRITE_RATE_MAX=${WRITE_RATE_MAX:-30000}
REF_CONNS=${REF_CONNS:-1}
DATA_DAY=${DATA_DAY:-$(TZ=Asia/Shanghai date +%F)}
EXPORT_ROWS=${EXPORT_ROWS:-10000}
IMPORT_ROWS=${IMPORT_ROWS:-10000}
BIN=${LIANDONG_BIN:-$root/build/liandong}
PORT=${PORT:-18080}
REF_PORT=${REF_PORT:-18081}
PASSWORD=Liandong@2026

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2" >&2; apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
need sqlite3 sqlite3
need jq jq
need cc gcc

part() { [[ " $PARTS " == *" $1 "* ]]; }
seconds() { # DURATION (10s, 1m, 500ms) → seconds
	awk -v d="$1" 'BEGIN { n = d + 0; if (d ~ /ms$/) n /= 1000; else if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print n }'
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
q() { sqlite3 -batch "$@"; }

data="$root/var/bench"
mkdir -p "$data"
# the work directory sits beside the datasets, so the server's copy and the write reference
# are on the same disk (and not on a tmpfs)
work=$(mktemp -d "$data/run.XXXXXX")
srv=
cleanup() {
	if [[ -n $srv ]]; then kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; fi
	if [[ -n $PG_URL ]]; then # this run's copies (fresh names them with this shell's pid)
		for d in $(pg -c "SELECT datname FROM pg_database WHERE datname LIKE 'ldb\_run\_%\_$$'" 2>/dev/null); do
			pg -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
		done
	fi
	if [[ -f $work/nginx.pid ]]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -O2 -Wall -Wextra -o "$data/ref_insert" "$root/bench/ref_insert.c" -lsqlite3 -lpthread

# ---- datasets ---------------------------------------------------------------------------

# The dataset command, in one place: switch its flags here (or with DEMO_FLAGS) as the
# generator grows. make_dataset SCALE VOLUME SEED DAY FILE — DAY pins the day the sample year
# is generated up to, where the generator takes --today.
make_dataset() {
	local help args=(demo --db "$5" --scale "$1" --seed "$3")
	help=$("$BIN" demo --help 2>&1 || true)
	# shellcheck disable=SC2206 # DEMO_FLAGS is a list of flags
	args+=($DEMO_FLAGS)
	if [[ $2 != 1 ]]; then
		if ! grep -q -- --volume <<<"$help"; then
			echo "liandong demo has no --volume yet: no ${2}× dataset" >&2
			return 1
		fi
		args+=(--volume "$2")
	fi
	if grep -q -- --today <<<"$help" && [[ " $DEMO_FLAGS " == *" --sample "* ]]; then
		args+=(--today "$4")
	fi
	"$BIN" "${args[@]}" >/dev/null
}

# dataset SCALE VOLUME → prints the cached dataset's path, generating it first if need be
# (REGEN=1 generates it again, e.g. after the generator changed)
dataset() {
	local tag db start
	tag=$(tr -c 'a-z0-9\n' '_' <<<"$DEMO_FLAGS" | tr -s _ | sed 's/^_//; s/_$//')
	db="$data/$1-v$2-seed$SEED${tag:+-$tag}-$DATA_DAY.db"
	if [[ ! -f $db || ${REGEN:-0} == 1 ]]; then
		echo "generating $1 ×$2 data (seed $SEED, $DEMO_FLAGS, day $DATA_DAY) into $db" >&2
		start=$(now)
		rm -f "$db.tmp"
		make_dataset "$1" "$2" "$SEED" "$DATA_DAY" "$db.tmp" || return 1
		echo "generated in $(since "$start") s" >&2
		# the day's supervision job, done as a server would have done it in the small hours:
		# otherwise the server's runner starts it under the load of the first scenario
		start=$(now)
		"$BIN" jobs run --db "$db.tmp" --today "$DATA_DAY" >&2
		echo "daily job for $DATA_DAY run in $(since "$start") s" >&2
		mv "$db.tmp" "$db"
	fi
	# a dataset cached by an older liandong: bring its schema up to this one's
	"$BIN" init --db "$db" >/dev/null
	echo "$db"
}

# pg_db NAME → the URL of database NAME on the PG_URL cluster
pg_db() { node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$PG_URL" "$1"; }
pg() { psql "$PG_URL" -qAtX -v ON_ERROR_STOP=1 "$@"; }
# dbq DB SQL… → a query's rows on a run's database, a file (sqlite3) or a URL (psql)
dbq() {
	local d=$1
	shift
	if [[ $d == postgres* ]]; then
		local a=() s
		for s in "$@"; do a+=(-c "$s"); done
		psql "$d" -qAtX -v ON_ERROR_STOP=1 "${a[@]}"
	else
		q "$d" "$@"
	fi
}

# fresh NAME SOURCE → a copy of the dataset for one part of the run: a file in the work
# directory, or (PG_URL) a database copied from the dataset's, which is moved into the cluster
# once with migrate-data and kept there
fresh() {
	if [[ -n $PG_URL ]]; then
		local kept="ldb_$(basename "$2" .db | tr -c 'a-z0-9_\n' '_')" copy="ldb_run_$1_$$"
		if [[ -z $(pg -c "SELECT 1 FROM pg_database WHERE datname = '$kept'") ]]; then
			pg -c "CREATE DATABASE $kept" >/dev/null
			echo "moving $(basename "$2") to PostgreSQL ($kept) …" >&2
			"$BIN" migrate-data --from "$2" --to "$(pg_db "$kept")" | tail -4 >&2 # it vacuums and analyzes
		fi
		# kept by an older liandong: its schema brought up to this one's once, then vacuumed and
		# analyzed as migrate-data leaves it — a migration may rewrite a table, and a copy
		# measured while autovacuum goes through it measured autovacuum (the timeline at half speed)
		if ! "$BIN" init --db "$(pg_db "$kept")" | grep -q ', 0 migrations applied'; then
			psql "$(pg_db "$kept")" -qAtX -v ON_ERROR_STOP=1 -c 'VACUUM (ANALYZE)' >&2
		fi
		pg -c "DROP DATABASE IF EXISTS $copy" -c "CREATE DATABASE $copy TEMPLATE $kept" >/dev/null
		pg_db "$copy"
		return
	fi
	rm -f "$work/$1.db" "$work/$1.db-wal" "$work/$1.db-shm"
	cp "$2" "$work/$1.db"
	echo "$work/$1.db"
}


# ---- the server -------------------------------------------------------------------------

base="http://127.0.0.1:$PORT"
start_server() {
	local files=()
	[[ $1 == postgres* ]] && files=(--files "$work/files")
	"$BIN" serve --db "$1" --listen "127.0.0.1:$PORT" --threads "$THREADS" --mode demo --quiet "${files[@]}" \
		>>"$work/serve.log" 2>&1 &
	srv=$!
	for _ in $(seq 100); do
		curl -sf "$base/api/v1/health" >/dev/null && return 0
		kill -0 "$srv" 2>/dev/null || break
		sleep 0.1
	done
	echo "the server did not start; its log:" >&2
	tail -20 "$work/serve.log" >&2
	exit 1
}
stop_server() {
	if [[ -n $srv ]]; then
		kill "$srv" 2>/dev/null || true
		for _ in $(seq 150); do kill -0 "$srv" 2>/dev/null || break; sleep 0.1; done
		if kill -0 "$srv" 2>/dev/null; then
			echo "(the server did not stop within 15 s of SIGTERM: killed)" >&2
			kill -KILL "$srv" 2>/dev/null || true
		fi
		wait "$srv" 2>/dev/null || true
		srv=
	fi
}

# login NAME → "SESSION_TOKEN CSRF_TOKEN", or nothing when the login failed
login() {
	local jar="$work/jar.$1" body
	body=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$base/api/v1/session") || return 0
	local token
	token=$(awk '$6 == "ld_session" { print $7 }' "$jar")
	[[ -n $token ]] && echo "$token $(jq -r .csrf_token <<<"$body")"
}
cookie_of() { echo "ld_session=${1%% *}"; }
get() { curl -sf -H "Cookie: $1" "$base$2"; }

rss() { awk '/^(VmRSS|RssAnon):/ { printf "%s %d MiB  ", $1, $2 / 1024 }' "/proc/$srv/status"; }

# load URL [COOKIE [HEADER]] → "req/s p50 p99 non2xx"
load() {
	local out
	if [[ -n ${3:-} ]]; then
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $2" -H "$3" "$1")
	elif [[ -n ${2:-} ]]; then
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $2" "$1")
	else
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1")
	fi
	wrk_numbers <<<"$out"
}
wrk_numbers() {
	awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
	     /Non-2xx/ { bad = $NF } END { printf "%s %s %s %s", rps, p50, p99, bad + 0 }'
}

# read_paths COOKIE: sets cycle, list_path and item for the read scenarios
read_paths() {
	cycle=$(get "$1" /api/v1/cycles | jq '.items[0].id')
	local jinan
	jinan=$(get "$1" /api/v1/units/code/370100 | jq .id)
	# what the list page asks (web/src/api/items.ts): the rows of its table
	list_path="/api/v1/items?cycle_id=$cycle&unit_id=$jinan&light=red&sort=due_date&size=50&view=table"
	item=$(get "$1" "$list_path" | jq '.items[0].id')
}

db=$(dataset "$SCALE" "$VOLUME")
if [[ -n $PG_URL ]]; then
	echo "backend: PostgreSQL $(pg -c 'SHOW server_version') (one connection per server thread;" \
		"synchronous_commit=$(pg -c 'SHOW synchronous_commit'), fsync=$(pg -c 'SHOW fsync'))," \
		"$THREADS server threads, $(nproc) cores, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
else
	echo "backend: SQLite $("$data/ref_insert" --version) ($(ldd "$BIN" | awk '/libsqlite3/ { print $3 }');" \
		"WAL, synchronous=FULL; the report writer NORMAL + fdatasync before answering), $THREADS server threads, $(nproc) cores," \
		"commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
fi
echo "dataset: $(basename "$db") ($(q "$db" 'SELECT count(*) FROM items') items," \
	"$(q "$db" 'SELECT count(*) FROM users') users)"
echo "wrk: $THREADS threads, $CONNS connections, $DURATION per run"

# ---- reads (and login, on the same server, last) ------------------------------------------

memory=()
if part reads || part login; then
	start_server "$(fresh reads "$db")"
	idle=$(rss)
fi

if part reads; then
	office=$(cookie_of "$(login office)")
	county=$(cookie_of "$(login county_filler)")
	read_paths "$office"

	# scenario name | cookie | path [| request header]
	scenarios=(
		"item list (济南 subtree, red, by due date, 50 rows)|$office|$list_path"
		"  the same, afresh (Cache-Control: no-cache)|$office|$list_path|Cache-Control: no-cache"
		"  whole items, afresh (no view=table)|$office|${list_path%&view=table}|Cache-Control: no-cache"
		"item detail|$office|/api/v1/items/$item"
		"item reports (its timeline of reports)|$office|/api/v1/items/$item/reports"
		"item history (audit trail)|$office|/api/v1/items/$item/timeline"
		"province dashboard|$office|/api/v1/dashboard?cycle_id=$cycle"
		"county filler workbench|$county|/api/v1/workbench"
	)

	# the reference: nginx with as many workers as liandong has threads, serving saved answers
	mkdir -p "$work/www" "$work/nginx"
	cat >"$work/nginx.conf" <<EOF
worker_processes $THREADS;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  default_type application/json;
  server { listen 127.0.0.1:$REF_PORT; root $work/www; }
}
EOF
	i=0
	for s in "${scenarios[@]}"; do
		IFS='|' read -r _ cookie path _ <<<"$s"
		get "$cookie" "$path" >"$work/www/$i.json"
		i=$((i + 1))
	done
	nginx -c "$work/nginx.conf" -p "$work"

	echo
	echo "== reads: liandong beside nginx serving the same bytes"
	printf '%-48s %10s %9s %9s %10s %9s %9s %6s %6s\n' scenario "liandong/s" p50 p99 "nginx/s" p50 p99 ratio bytes
	i=0
	for s in "${scenarios[@]}"; do
		IFS='|' read -r name cookie path header <<<"$s"
		read -r lr lp50 lp99 lbad <<<"$(load "$base$path" "$cookie" "$header")"
		read -r nr np50 np99 _ <<<"$(load "http://127.0.0.1:$REF_PORT/$i.json")"
		printf '%-48s %10s %9s %9s %10s %9s %9s %6s %6s' "$name" "$lr" "$lp50" "$lp99" "$nr" "$np50" "$np99" \
			"$(ratio "$lr" "$nr")" "$(stat -c %s "$work/www/$i.json")"
		[[ $lbad != 0 ]] && printf '  (%s non-2xx!)' "$lbad"
		echo
		i=$((i + 1))
	done
	memory+=("idle:                 $idle" "after the reads:      $(rss)")
	kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
	rm -f "$work/nginx.pid"
fi

if part login; then
	# one login alone: the Argon2id check's cost, which bounds logins/s at threads / cost
	single=()
	for _ in 1 2 3 4 5; do
		single+=("$(curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' \
			-d "{\"username\":\"county_filler\",\"password\":\"$PASSWORD\"}" "$base/api/v1/session")")
	done
	one=$(printf '%s\n' "${single[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }')
	users="office leader supervisor reviewer unit_leader filler county_filler"
	out=$(BENCH_USERS=$users BENCH_PASSWORD=$PASSWORD wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency \
		-s "$root/bench/login.lua" "$base/api/v1/session")
	read -r _ lp50 lp99 _ <<<"$(wrk_numbers <<<"$out")"
	secs=$(seconds "$DURATION")
	read -r ok limited other < <(sed -nE 's/^statuses: 200=([0-9]+) 429=([0-9]+) other=([0-9]+)$/\1 \2 \3/p' <<<"$out")
	echo
	echo "== login: POST /api/v1/session, the right password, rotating over ${users// /, }"
	printf '%-12s %12s %10s %10s %9s %9s %14s %14s\n' scenario "logins/s" "429/s" "other/s" p50 p99 "one login" "bound"
	printf '%-12s %12s %10s %10s %9s %9s %11s ms %11s/s\n' login \
		"$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')" \
		"$(awk -v n="$limited" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')" \
		"$(awk -v n="$other" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')" "$lp50" "$lp99" "$one" \
		"$(awk -v t="$THREADS" -v ms="$one" 'BEGIN { printf "%.0f", t * 1000 / ms }')"
	echo "reference: none — Argon2id's cost is the point; 'bound' = server threads ÷ one login's time"
fi
stop_server

# ---- writes: report submissions ---------------------------------------------------------

# tuples_sql NEEDED YEARS → the query listing up to NEEDED lines "USERNAME|ITEM|PERIOD": each
# (item, period) has no report yet, the item is active, adopted, in a running cycle, and the
# account is a filler or unit leader over it — one of the WRITERS dataset accounts with the
# most such pairs, or a bench filler over a city (bench_writer_*, used only for the items no
# chosen dataset account covers). YEARS: offsets from the cycle's year of the periods to use.
tuples_sql() {
	local years
	years=$(sed -E 's/(-?[0-9]+)/(\1)/g; s/ +/, /g' <<<"$2")
	cat <<EOF
CREATE TEMP TABLE cover AS
SELECT i.id AS item, c.year AS year, u.username AS username
FROM cycles c CROSS JOIN grants g CROSS JOIN users u CROSS JOIN units gu CROSS JOIN items i
WHERE c.phase = 'running' AND g.role IN ('filler', 'unit_leader')
  AND u.id = g.user_id AND u.disabled = 0 AND u.must_change = 0 AND u.totp_secret IS NULL
  AND gu.id = g.unit_id
  AND i.cycle_id = c.id AND i.unit_path >= gu.path AND i.unit_path < gu.path || '~'
  AND i.state = 'active' AND i.adopted = 1 AND (g.sector = '' OR i.sector IS NULL OR g.sector = i.sector);
CREATE INDEX temp.cover_item ON cover (item);
CREATE TEMP TABLE free AS
WITH months(m) AS (VALUES ('01'), ('02'), ('03'), ('04'), ('05'), ('06'), ('07'), ('08'), ('09'), ('10'), ('11'), ('12')),
     years(dy) AS (VALUES $years)
SELECT item, (year + dy) || '-' || m AS period FROM (SELECT DISTINCT item, year FROM cover) JOIN years JOIN months
WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.item_id = item AND r.period = (year + dy) || '-' || m);
CREATE INDEX temp.free_item ON free (item);
CREATE TEMP TABLE w (username TEXT PRIMARY KEY);
INSERT INTO w SELECT username FROM cover JOIN free USING (item) WHERE username NOT LIKE 'bench_writer_%'
  GROUP BY username ORDER BY count(*) DESC, username LIMIT $WRITERS;
INSERT OR IGNORE INTO w SELECT DISTINCT username FROM cover WHERE username LIKE 'bench_writer_%';
CREATE TEMP TABLE mine AS
SELECT item, substr(min(CASE WHEN username LIKE 'bench_writer_%' THEN 'z' ELSE 'a' END || username), 2) AS username
FROM cover JOIN w USING (username) GROUP BY item;
SELECT m.username, f.item, f.period FROM mine m JOIN free f USING (item)
ORDER BY (f.item * 2654435761 + substr(f.period, 6) * 40503 + substr(f.period, 1, 4)) % 1000003, f.item, f.period
LIMIT $1;
EOF
}

# prepare_writes DB TUPLES_FILE NEEDED — with the server running on DB: picks the tuples
# (tuples_sql: periods of the cycle's year; bench fillers over the cities added when the
# dataset's accounts cannot supply NEEDED; the years either side as a last resort, for a
# small dataset), logs each account in, and writes NEEDED lines "TOKEN CSRF ITEM PERIOD".
# Prints a summary.
prepare_writes() {
	local wdb=$1 out=$2 needed=$3 years=0 qdb=$1
	# the tuples query is SQLite's: on PostgreSQL it runs on a copy of the dataset file, which
	# gets the same bench fillers as the database
	if [[ $wdb == postgres* ]]; then
		qdb=$work/tuples-mirror.db
		rm -f "$qdb"
		cp "$db" "$qdb"
	fi
	q "$qdb" "$(tuples_sql "$needed" "$years")" >"$work/tuples.raw"
	if (($(wc -l <"$work/tuples.raw") < needed)); then
		stop_server
		local code d
		for code in $(q "$qdb" "SELECT code FROM units WHERE kind = 'region' AND level = 'city' ORDER BY code"); do
			for d in "$wdb" $([[ $qdb == "$wdb" ]] || echo "$qdb"); do
				echo "$PASSWORD" | "$BIN" user add --db "$d" --username "bench_writer_$code" --role filler \
					--scope "$code" --display-name "压测填报员$code" --password-stdin >/dev/null
			done
		done
		start_server "$wdb"
		q "$qdb" "$(tuples_sql "$needed" "$years")" >"$work/tuples.raw"
	fi
	if (($(wc -l <"$work/tuples.raw") < needed)); then
		years="0 1 -1 2 -2"
		q "$qdb" "$(tuples_sql "$needed" "$years")" >"$work/tuples.raw"
	fi
	local name cred
	: >"$work/creds"
	for name in $(cut -d'|' -f1 "$work/tuples.raw" | sort -u); do
		cred=$(login "$name")
		if [[ -n $cred ]]; then echo "$name $cred" >>"$work/creds"; else echo "login failed: $name" >&2; fi
	done
	awk -F'|' 'NR == FNR { split($0, f, " "); cred[f[1]] = f[2] " " f[3]; next }
	           $1 in cred { print cred[$1], $2, $3 }' "$work/creds" "$work/tuples.raw" >"$out"
	echo "writers: $(wc -l <"$work/creds") accounts logged in ($(grep -c '^bench_writer_' "$work/creds" || true)" \
		"of them bench fillers over the cities), $(wc -l <"$out") (item, period) tuples, periods" \
		"of the cycle's year$([[ $years == 0 ]] || echo ' and of the two years either side')"
}

# pg_ref_insert SECONDS → "ROWS rows in SECONDS s: RATE rows/s" for one INSERT per transaction
# into a table shaped like reports (unique per item and period), in a database of its own on the
# PG_URL cluster, by pgbench with REF_CONNS connections
pg_ref_insert() {
	local name="ldb_run_ref_$$" rows
	pg -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
	psql "$(pg_db "$name")" -qAtX -c "CREATE TABLE reports (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	  item_id bigint NOT NULL, period text NOT NULL, text text NOT NULL, created_at text NOT NULL,
	  UNIQUE (item_id, period))"
	printf '%s\n' '\set item random(1, 1000000000)' \
		"INSERT INTO reports (item_id, period, text, created_at) VALUES (:item, '2026-11', repeat('报', 61), now()::text) ON CONFLICT DO NOTHING;" \
		>"$work/ref.sql"
	pgbench -n -c "$REF_CONNS" -j "$REF_CONNS" -T "$1" -f "$work/ref.sql" "$(pg_db "$name")" >"$work/pgbench.out" 2>&1
	rows=$(psql "$(pg_db "$name")" -qAtX -c 'SELECT count(*) FROM reports')
	awk -v n="$rows" -v s="$1" 'BEGIN { printf "%d rows in %s s: %.0f rows/s\n", n, s, n / s }'
	pg -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
}

# write_load TUPLES [ACKS] → wrk's output, with the script's "statuses:" line
write_load() {
	BENCH_TUPLES=$1 BENCH_THREADS=$THREADS BENCH_CONNS=$CONNS BENCH_ACKS=${2:-} \
		wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$root/bench/report.lua" "$base/"
}

if part writes; then
	secs=$(seconds "$DURATION")
	wdb=$(fresh writes "$db")
	start_server "$wdb"
	echo
	echo "== writes: POST /api/v1/items/:id/reports (submitted, audited) beside one row per transaction"
	prepare_writes "$wdb" "$work/tuples" "$(awk -v s="$secs" -v r="$WRITE_RATE_MAX" 'BEGIN { printf "%d", s * r }')"
	before=$(dbq "$wdb" 'SELECT count(*) FROM reports')
	out=$(write_load "$work/tuples")
	after=$(dbq "$wdb" 'SELECT count(*) FROM reports')
	read -r lr lp50 lp99 lbad <<<"$(wrk_numbers <<<"$out")"
	read -r created other unsent < <(sed -nE 's/^statuses: 201=([0-9]+) other=([0-9]+) unsent=([0-9]+).*/\1 \2 \3/p' <<<"$out")
	memory+=("after the writes:     $(rss)")
	stop_server
	# a row the size of a report: the UTF-8 bytes of bench/report.lua's report text
	if [[ -n $PG_URL ]]; then
		ref=$(pg_ref_insert "$secs")
	else
		ref=$("$data/ref_insert" "$work/ref_insert.db" "$secs" "$REF_CONNS" 183)
	fi
	rr=$(awk '{ print $(NF - 1) }' <<<"$ref")
	printf '%-28s %12s %9s %9s %14s %6s\n' scenario "liandong w/s" p50 p99 "reference w/s" ratio
	printf '%-28s %12s %9s %9s %14s %6s\n' "submit a progress report" "$lr" "$lp50" "$lp99" "$rr" "$(ratio "$lr" "$rr")"
	echo "201: $created; not 201: $other (wrk non-2xx: $lbad); reports added: $((after - before))" \
		"(≥ 201s: answers in flight at the end are not counted by wrk)"
	if [[ $unsent != 0 ]]; then
		echo "the tuples ran out ($unsent requests unsent): wrk divides by the whole duration, so the rate" \
			"above is understated; use a larger dataset or a shorter DURATION"
	fi
	if [[ -n $PG_URL ]]; then
		echo "reference: pgbench, one INSERT per transaction into a table shaped like reports," \
			"$REF_CONNS connection(s), same cluster: $ref"
	else
		echo "reference: bench/ref_insert.c, $REF_CONNS connection(s), same settings and disk: $ref"
	fi
fi

# ---- durability: SIGKILL under the write load ---------------------------------------------

if part durability; then
	secs=$(seconds "$DURATION")
	ddb=$(fresh durability "$db")
	start_server "$ddb"
	echo
	echo "== durability: the write load, SIGKILL at half time, restart, every acknowledged report present"
	prepare_writes "$ddb" "$work/dtuples" "$(awk -v s="$secs" -v r="$WRITE_RATE_MAX" 'BEGIN { printf "%d", s * r }')"
	rm -f "$work"/acks.*
	write_load "$work/dtuples" "$work/acks" >"$work/durability.out" 2>&1 &
	loadpid=$!
	sleep "$(awk -v s="$secs" 'BEGIN { print s / 2 }')"
	kill -KILL "$srv"
	wait "$srv" 2>/dev/null || true
	srv=
	wait "$loadpid" || true
	start_server "$ddb"
	cat "$work"/acks.* >"$work/acks" 2>/dev/null || : >"$work/acks"
	if [[ $ddb == postgres* ]]; then
		present=$(dbq "$ddb" "CREATE TEMP TABLE acks (id bigint, item bigint, period text)" \
			"\\copy acks FROM '$work/acks' WITH (DELIMITER ' ')" \
			"SELECT count(*) FROM acks JOIN reports r ON r.id = acks.id AND r.item_id = acks.item AND r.period = acks.period")
	else
		present=$(q "$ddb" "CREATE TEMP TABLE acks (id INTEGER, item INTEGER, period TEXT);" \
			".separator ' '" ".import $work/acks acks" \
			"SELECT count(*) FROM acks JOIN reports r ON r.id = acks.id AND r.item_id = acks.item AND r.period = acks.period;")
	fi
	acked=$(wc -l <"$work/acks")
	echo "acknowledged $acked, present $present$([[ $acked == "$present" ]] || echo '   LOST REPORTS!')"
	stop_server
fi

# ---- batch jobs ---------------------------------------------------------------------------

if part jobs; then
	jdb=$(fresh jobs "$db")
	# the questions about the dataset (which cycle, which units) are asked of a file with the
	# same rows: the dataset's own copy on SQLite, a copy of the dataset file on PostgreSQL;
	# the references run where liandong runs: sqlite3 on the file, psql on the database
	mdb=$jdb
	refname=sqlite3
	if [[ $jdb == postgres* ]]; then
		mdb=$work/jobs-mirror.db
		rm -f "$mdb"
		cp "$db" "$mdb"
		refname=psql
	fi
	cyc=$(q "$mdb" "SELECT id FROM cycles WHERE phase IN ('running', 'assessing') ORDER BY year DESC LIMIT 1")
	year=$(q "$mdb" "SELECT year FROM cycles WHERE id = $cyc")
	rows_out=()
	notes=()
	job_row() { # JOB ROWS LIANDONG_S SQLITE3_S (a failed job's time is a word, and has no ratio)
		local r=-
		[[ $3 =~ ^[0-9.]+$ ]] && r=$(ratio "$3" "$4")
		rows_out+=("$(printf '%-50s %8s %12s %12s %7s' "$1" "$2" "$3" "$4" "$r")")
	}
	failed() { # JOB HTTP_CODE ANSWER_FILE SECONDS
		notes+=("$1 failed: HTTP $2 $(jq -rc '.error.code // empty' "$3" 2>/dev/null) after $4 s")
	}

	# light recomputation: the daily job over every item (for the day after the dataset's, whose
	# job is done), beside one UPDATE computing a light
	day=$(date -d "$DATA_DAY + 1 day" +%F)
	n=$(q "$mdb" "SELECT count(*) FROM items i JOIN cycles c ON c.id = i.cycle_id AND c.phase = 'running'")
	start=$(now)
	"$BIN" jobs run --db "$jdb" --today "$day" >"$work/jobs.out"
	t=$(since "$start")
	start=$(now)
	if [[ $refname == psql ]]; then
		dbq "$jdb" "UPDATE items SET light = CASE
		    WHEN state <> 'active' THEN NULL
		    WHEN due_date < '$day' AND progress < 100 THEN 'red'
		    WHEN CAST(due_date AS date) - DATE '$day' <= 3 THEN 'yellow' ELSE 'green' END
		  WHERE cycle_id IN (SELECT id FROM cycles WHERE phase = 'running')" >/dev/null
	else
		q "$jdb" "BEGIN; UPDATE items SET light = CASE
		    WHEN state <> 'active' THEN NULL
		    WHEN due_date < '$day' AND progress < 100 THEN 'red'
		    WHEN julianday(due_date) - julianday('$day') <= 3 THEN 'yellow' ELSE 'green' END
		  WHERE cycle_id IN (SELECT id FROM cycles WHERE phase = 'running'); COMMIT;"
	fi
	job_row "light recomputation (jobs run --today $day)" "$n" "$t" "$(since "$start")"
	jobs_said=$(cat "$work/jobs.out")

	start_server "$jdb"
	office=$(login office)
	ocookie=$(cookie_of "$office")
	csrf=${office#* }

	# export: the city or county subtree (or the province) whose item count is nearest EXPORT_ROWS
	read -r unit n < <(q -separator ' ' "$mdb" "
	  WITH cand(unit, n) AS (
	    SELECT NULL, (SELECT count(*) FROM items WHERE cycle_id = $cyc)
	    UNION ALL
	    SELECT u.id, (SELECT count(*) FROM items i WHERE i.cycle_id = $cyc
	                  AND i.unit_path >= u.path AND i.unit_path < u.path || '~')
	    FROM units u WHERE u.kind = 'region' AND u.level IN ('city', 'county'))
	  SELECT coalesce(unit, '-'), n FROM cand ORDER BY abs(n - $EXPORT_ROWS), unit IS NOT NULL LIMIT 1")
	filter="cycle_id=$cyc"
	prefix=$(q "$mdb" "SELECT path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
	if [[ $unit != - ]]; then
		filter="$filter&unit_id=$unit"
		prefix=$(q "$mdb" "SELECT path FROM units WHERE id = $unit")
	fi
	n=$(get "$ocookie" "/api/v1/items?$filter&size=1" | jq .total)
	start=$(now)
	code=$(curl -s -o "$work/export.xlsx" -w '%{http_code}' -H "Cookie: $ocookie" "$base/api/v1/items/export.xlsx?$filter")
	t=$(since "$start")
	if [[ $code != 200 ]]; then failed export "$code" "$work/export.xlsx" "$t"; t="HTTP $code"; fi
	export_sql="SELECT i.project, i.category, i.title, u.name, i.responsible_person, i.lead_leader, i.start_date,
	         i.due_date, i.target_text, i.target_value, i.target_unit, i.evidence_required, i.weight,
	         i.description, i.progress, i.rollup_progress, i.state, i.light
	  FROM items i JOIN units u ON u.id = i.unit_id
	  WHERE i.cycle_id = $cyc AND i.unit_path >= '$prefix' AND i.unit_path < '$prefix~'
	  ORDER BY i.due_date, i.id"
	start=$(now)
	if [[ $refname == psql ]]; then
		dbq "$jdb" "\\copy ($(tr '\n' ' ' <<<"$export_sql")) TO '$work/export.csv' WITH (FORMAT csv)"
	else
		q "$jdb" ".mode csv" ".once $work/export.csv" "$export_sql"
	fi
	job_row "export to .xlsx (GET items/export.xlsx)" "$n" "$t" "$(since "$start")"

	# import: IMPORT_ROWS new items over organs of unique names, as .xlsx, checked then committed
	q "$mdb" "
	  WITH names(x) AS (SELECT name FROM units UNION ALL SELECT short_name FROM units WHERE short_name IS NOT NULL),
	       once(x) AS (SELECT x FROM names GROUP BY x HAVING count(*) = 1)
	  SELECT u.name FROM units u JOIN once ON once.x = u.name WHERE u.kind = 'organ' ORDER BY u.id LIMIT 400" \
		>"$work/import-units"
	node "$root/bench/import-sheet.mjs" "$work/import-units" "$IMPORT_ROWS" "$year" "$work/import.xlsx" "$work/import.csv"
	import_wait() { # ID → the final Import, once neither checking nor importing
		local j
		while :; do
			j=$(curl -s -H "Cookie: $ocookie" "$base/api/v1/imports/$1")
			case $(jq -r .state <<<"$j") in checking | importing) sleep 0.05 ;; *) echo "$j"; return ;; esac
		done
	}
	start=$(now)
	id=$(curl -s -H "Cookie: $ocookie" -H "X-CSRF-Token: $csrf" \
		-H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
		--data-binary "@$work/import.xlsx" "$base/api/v1/imports?cycle_id=$cyc&filename=bench.xlsx" | jq -r .id)
	checked=$(import_wait "$id")
	t_check=$(since "$start")
	result=$checked
	if [[ $(jq -r '.state + (.errors | length | tostring)' <<<"$checked") == checked0 ]]; then
		curl -s -o /dev/null -H "Cookie: $ocookie" -H "X-CSRF-Token: $csrf" -X POST "$base/api/v1/imports/$id/commit"
		result=$(import_wait "$id")
	fi
	t=$(since "$start")
	if [[ $(jq -r .state <<<"$result") != "done" ]]; then
		notes+=("import did not finish after $t s: $(jq -c '{state, message, errors: .errors[:3]}' <<<"$result")")
		t="failed"
	fi
	start=$(now)
	if [[ $refname == psql ]]; then
		dbq "$jdb" "CREATE TEMP TABLE sheet (project text, category text, title text, unit text, person text,
		            leader text, start_date text, due_date text, target_text text, target_value text,
		            target_unit text, evidence text, weight text, description text)" \
			"\\copy sheet FROM '$work/import.csv' WITH (FORMAT csv, HEADER)" \
			"WITH ins AS (
			  INSERT INTO items (cycle_id, unit_id, unit_path, sector, project, category, title, description,
			                     responsible_person, lead_leader, start_date, due_date, target_text, target_value,
			                     target_unit, evidence_required, weight, created_at, updated_at)
			  SELECT $cyc, u.id, u.path, u.sector, s.project || '（参照）', s.category, s.title, s.description,
			         s.person, s.leader, s.start_date, s.due_date, s.target_text,
			         CAST(nullif(s.target_value, '') AS double precision), s.target_unit, s.evidence,
			         coalesce(CAST(nullif(s.weight, '') AS double precision), 1),
			         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
			         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
			  FROM sheet s JOIN units u ON u.name = s.unit RETURNING 1)
			SELECT count(*) FROM ins" >"$work/import-ref.out"
	else
	q "$jdb" "CREATE TEMP TABLE sheet (project, category, title, unit, person, leader, start_date, due_date,
	            target_text, target_value, target_unit, evidence, weight, description);" \
		".mode csv" ".import --skip 1 $work/import.csv sheet" "
	  BEGIN;
	  INSERT INTO items (cycle_id, unit_id, unit_path, sector, project, category, title, description,
	                     responsible_person, lead_leader, start_date, due_date, target_text, target_value,
	                     target_unit, evidence_required, weight, created_at, updated_at)
	  SELECT $cyc, u.id, u.path, u.sector, s.project || '（参照）', s.category, s.title, s.description, s.person,
	         s.leader, s.start_date, s.due_date, s.target_text, s.target_value, s.target_unit, s.evidence, s.weight,
	         strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ')
	  FROM sheet s JOIN units u ON u.name = s.unit;
	  SELECT changes();
	  COMMIT;" >"$work/import-ref.out"
	fi
	t_ref=$(since "$start")
	job_row "import .xlsx (upload, check $t_check s, commit)" "$(jq .created <<<"$result")" "$t" "$t_ref"
	if [[ $(cat "$work/import-ref.out") != "$IMPORT_ROWS" ]]; then
		notes+=("the $refname import reference inserted $(cat "$work/import-ref.out") rows, not $IMPORT_ROWS")
	fi

	# assessment: only when the dataset has an indicator system, groups and scores
	scores=$(q "$mdb" "SELECT (SELECT count(*) FROM indicators WHERE cycle_id = $cyc) > 0
	                    AND (SELECT count(*) FROM group_members WHERE cycle_id = $cyc) > 0
	                    AND (SELECT count(*) FROM self_scores WHERE cycle_id = $cyc)
	                        + (SELECT count(*) FROM review_scores WHERE cycle_id = $cyc) > 0")
	if [[ $scores == 1 ]]; then
		if [[ $(dbq "$jdb" "SELECT phase FROM cycles WHERE id = $cyc") == running ]]; then
			curl -s -o /dev/null -H "Cookie: $ocookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
				-d '{"phase":"assessing"}' "$base/api/v1/cycles/$cyc/phase"
		fi
		n=$(q "$mdb" "SELECT count(*) FROM group_members WHERE cycle_id = $cyc")
		start=$(now)
		code=$(curl -s -o "$work/compute.json" -w '%{http_code}' -X POST -H "Cookie: $ocookie" -H "X-CSRF-Token: $csrf" \
			"$base/api/v1/cycles/$cyc/compute")
		t=$(since "$start")
		if [[ $code != 200 ]]; then failed "assessment computation" "$code" "$work/compute.json" "$t"; t="HTTP $code"; fi
		scores_sql="
		  WITH self AS (SELECT unit_id, sum(score) s FROM self_scores WHERE cycle_id = $cyc GROUP BY unit_id),
		       per AS (SELECT unit_id, indicator_id, avg(score) a FROM review_scores
		               WHERE cycle_id = $cyc AND submitted = 1 GROUP BY unit_id, indicator_id),
		       rev AS (SELECT unit_id, sum(a) s FROM per GROUP BY unit_id)
		  SELECT m.group_id, m.unit_id, coalesce(rev.s, self.s, 0) AS total,
		         rank() OVER (PARTITION BY m.group_id ORDER BY coalesce(rev.s, self.s, 0) DESC)
		  FROM group_members m LEFT JOIN self USING (unit_id) LEFT JOIN rev USING (unit_id)
		  WHERE m.cycle_id = $cyc"
		start=$(now)
		dbq "$jdb" "$scores_sql" >/dev/null
		job_row "assessment computation (POST compute)" "$n" "$t" "$(since "$start")"
		# the same, beside plain queries over every row it reads: the scores above, the
		# automatic indicators' counts kept per unit (unit_rates, report_rates: sql/020) and the notices
		end="$year-12-31"
		if [[ $refname == psql ]]; then
			flag() { echo "CAST($1 AS int)"; }
		else
			flag() { echo "($1)"; }
		fi
		start=$(now)
		dbq "$jdb" "$scores_sql" \
		  "SELECT count(*) FROM (SELECT unit_path, items_due, items_on_time, rect_total, rect_closed, red_items,
		     ms_due, ms_on_time FROM unit_rates WHERE cycle_id = $cyc) x" \
		  "SELECT count(*) FROM (SELECT u.path, r.rep_due, r.rep_on_time FROM report_rates r
		     JOIN units u ON u.id = r.unit_id WHERE r.cycle_id = $cyc) x" \
		  "SELECT count(*) FROM (SELECT n.target_path, count(*),
		     sum($(flag "n.responded_at IS NOT NULL AND substr(n.responded_at, 1, 10) <= n.due_date"))
		     FROM notices n WHERE n.cycle_id = $cyc AND n.due_date <= '$end' GROUP BY n.target_path) x" >/dev/null
		job_row "  beside every row it reads (scores, counts kept)" "$n" "$t" "$(since "$start")"
	else
		rows_out+=("$(printf '%-50s %s' "assessment computation (POST compute)" "n/a: no assessment data")")
	fi
	stop_server

	echo
	echo "== batch jobs at the dataset's scale, each beside a plain $refname query over the same rows"
	printf '%-50s %8s %12s %12s %7s\n' job rows "liandong s" "$refname s" ratio
	printf '%s\n' "${rows_out[@]}"
	echo "the daily job said: $jobs_said"
	if ((${#notes[@]})); then printf '%s\n' "${notes[@]}"; fi
fi

# ---- scaling: list, detail and dashboard at each size -------------------------------------

if [[ -n $SCALES ]]; then
	declare -A cell
	sizes=()
	for s in $SCALES; do
		if [[ $s =~ ^([a-z]+)([0-9]+)$ ]]; then sc=${BASH_REMATCH[1]} vol=${BASH_REMATCH[2]}; else sc=$s vol=1; fi
		sizes+=("$s")
		if ! sdb=$(dataset "$sc" "$vol"); then
			cell["$s,items"]="n/a"
			continue
		fi
		cell["$s,items"]=$(q "$sdb" 'SELECT count(*) FROM items')
		start_server "$(fresh scaling "$sdb")"
		office=$(cookie_of "$(login office)")
		read_paths "$office"
		for sc_name in list detail dashboard; do
			case $sc_name in
			list) path=$list_path ;;
			detail) path="/api/v1/items/$item" ;;
			dashboard) path="/api/v1/dashboard?cycle_id=$cycle" ;;
			esac
			read -r lr _ lp99 lbad <<<"$(load "$base$path" "$office")"
			cell["$s,$sc_name"]="$lr/s p99 $lp99$([[ $lbad == 0 ]] || echo " ($lbad non-2xx!)")"
		done
		stop_server
	done
	echo
	echo "== scaling: req/s and p99 at each data size (they should not fall as the data grows)"
	printf '%-12s' scenario
	for s in "${sizes[@]}"; do printf ' %26s' "$s"; done
	echo
	for sc_name in items list detail dashboard; do
		printf '%-12s' "$sc_name"
		for s in "${sizes[@]}"; do printf ' %26s' "${cell["$s,$sc_name"]:-n/a}"; done
		echo
	done
fi

# ---- memory, database, server errors, web UI ----------------------------------------------

if ((${#memory[@]})); then
	echo
	for m in "${memory[@]}"; do echo "server memory $m"; done
fi
echo "database: $(du -h "$db" | cut -f1) ($(q "$db" 'SELECT count(*) FROM units') units," \
	"$(q "$db" 'SELECT count(*) FROM items') items, $(q "$db" 'SELECT count(*) FROM reports') reports)"

errors=$(grep -cE 'store:|failed|error|rror:' "$work/serve.log" || true)
if [[ $errors != 0 ]]; then
	echo "server log: $errors error lines over the run, e.g.:"
	grep -E 'store:|failed|error|rror:' "$work/serve.log" | sort | uniq -c | sort -rn | head -5
fi

dist="$root/web/dist"
if [[ -f $root/bench/ui-weight.mjs ]]; then
	echo
	node "$root/bench/ui-weight.mjs"
elif [[ -f $dist/index.html ]]; then
	# what the first page loads (gzip), then the largest route chunks
	echo
	first=0
	for f in $(grep -oE '(src|href)="/assets/[^"]+\.(js|css)"' "$dist/index.html" | sed -E 's/.*="\/(.*)"/\1/'); do
		first=$((first + $(gzip -9c "$dist/$f" | wc -c)))
	done
	echo "web UI initial JS + CSS: $((first / 1024)) KiB gzip (target ≤ 400 KiB)"
	echo "largest chunks (gzip):"
	for f in "$dist"/assets/*.js; do echo "$(gzip -9c "$f" | wc -c) $(basename "$f")"; done |
		sort -rn | head -8 | awk '{ printf "  %6d KiB  %s\n", $1 / 1024, $2 }'
fi

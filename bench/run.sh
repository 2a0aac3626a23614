#!/usr/bin/env bash
# make bench: each read scenario loaded with wrk against liandong and, in the same run,
# against nginx serving the very bytes liandong answered (the physical limit for delivering
# that answer over HTTP on this machine). Prints one table, the server's memory, the
# database size and the web UI's weight. Timings are printed, never asserted.
#
# Environment: SCALE (province), SEED (1), DURATION (10s), CONNS (32), THREADS (2),
# LIANDONG_BIN (build/liandong). The dataset is kept in var/bench/ keyed by scale and seed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
SCALE=${SCALE:-province}
SEED=${SEED:-1}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
BIN=${LIANDONG_BIN:-$root/build/liandong}
PORT=${PORT:-18080}
REF_PORT=${REF_PORT:-18081}

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2" >&2; apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light

data="$root/var/bench"
mkdir -p "$data"
db="$data/$SCALE-seed$SEED.db"
if [[ ! -f $db ]]; then
	echo "generating $SCALE data (seed $SEED) into $db" >&2
	start=$(date +%s.%N)
	"$BIN" demo --db "$db.tmp" --scale "$SCALE" --seed "$SEED" --sample >/dev/null
	mv "$db.tmp" "$db"
	echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
fi

work=$(mktemp -d)
cleanup() {
	[[ -n ${srv:-} ]] && kill "$srv" 2>/dev/null || true
	[[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

cp "$db" "$work/b.db"
"$BIN" serve --db "$work/b.db" --listen "127.0.0.1:$PORT" --threads "$THREADS" --mode demo --quiet \
	>"$work/serve.log" 2>&1 &
srv=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.1; done

# login NAME → the session cookie, for wrk's header
login() {
	curl -sf -c - -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"Liandong@2026\"}" "$base/api/v1/session" |
		awk '$6 == "ld_session" { print "ld_session=" $7 }'
}
office=$(login office)
county=$(login county_filler)
get() { curl -sf -H "Cookie: $1" "$base$2"; }

cycle=$(get "$office" /api/v1/cycles | jq '.items[0].id')
jinan=$(get "$office" /api/v1/units/code/370100 | jq .id)
list_path="/api/v1/items?cycle_id=$cycle&unit_id=$jinan&light=red&sort=due_date&size=50"
item=$(get "$office" "$list_path" | jq '.items[0].id')

# scenario name | cookie | path
scenarios=(
	"item list (济南 subtree, red, by due date, 50 rows)|$office|$list_path"
	"item detail|$office|/api/v1/items/$item"
	"item report timeline|$office|/api/v1/items/$item/timeline"
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
	IFS='|' read -r _ cookie path <<<"$s"
	get "$cookie" "$path" >"$work/www/$i.json"
	i=$((i + 1))
done
nginx -c "$work/nginx.conf" -p "$work"

rss() { awk '/^(VmRSS|RssAnon):/ { printf "%s %d MiB  ", $1, $2 / 1024 }' "/proc/$srv/status"; }
idle=$(rss)

# wrk URL [COOKIE] → "req/s p50 p99 non2xx"
load() {
	local out
	if [[ -n ${2:-} ]]; then
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $2" "$1")
	else
		out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1")
	fi
	awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
	     /Non-2xx/ { bad = $NF } END { printf "%s %s %s %s", rps, p50, p99, bad + 0 }' <<<"$out"
}

printf '\n%-48s %10s %9s %9s %10s %9s %9s %6s %6s\n' scenario "liandong/s" p50 p99 "nginx/s" p50 p99 ratio bytes
i=0
for s in "${scenarios[@]}"; do
	IFS='|' read -r name cookie path <<<"$s"
	read -r lr lp50 lp99 lbad <<<"$(load "$base$path" "$cookie")"
	read -r nr np50 np99 _ <<<"$(load "http://127.0.0.1:$REF_PORT/$i.json")"
	ratio=$(awk -v a="$lr" -v b="$nr" 'BEGIN { printf "%.2f", a / b }')
	printf '%-48s %10s %9s %9s %10s %9s %9s %6s %6s' "$name" "$lr" "$lp50" "$lp99" "$nr" "$np50" "$np99" "$ratio" \
		"$(stat -c %s "$work/www/$i.json")"
	[[ $lbad != 0 ]] && printf '  (%s non-2xx!)' "$lbad"
	echo
	i=$((i + 1))
done
loaded=$(rss)

echo
echo "server memory idle:        $idle"
echo "server memory after load:  $loaded"
echo "database: $(du -h "$db" | cut -f1) ($(sqlite3 "$db" 'SELECT count(*) FROM units') units," \
	"$(sqlite3 "$db" 'SELECT count(*) FROM items') items, $(sqlite3 "$db" 'SELECT count(*) FROM reports') reports)"

# the web UI: what the first page loads (gzip), then the largest route chunks
dist="$root/web/dist"
if [[ -f $dist/index.html ]]; then
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

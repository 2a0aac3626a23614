#!/bin/bash
# A throwaway PostgreSQL 15 cluster for tests: CI runs the API suite against PostgreSQL with
# it, as it runs it against a fresh SQLite file otherwise.
#
#   tools/pg-cluster.sh start DIR   create the cluster in DIR if there is none, start it and
#                                   print a libpq URL to its `postgres` database as superuser
#   tools/pg-cluster.sh stop DIR    stop it (fast: open sessions are ended); harmless when it
#                                   is not running or was never created
#
# DIR holds the data directory (DIR/data), the server log (DIR/server.log) and the server's
# Unix socket; the server listens on no TCP port. The cluster is initialised without a locale
# (text compares bytewise, as in SQLite), in UTF-8, trusting every local connection: it is
# for tests only. Character classes alone come from C.UTF-8 where the system has it: under
# LC_CTYPE=C, pg_trgm sees no letters in Chinese text, and the trigram indexes that serve
# name searches (sql/pg/) would index nothing of it; collation stays C. PostgreSQL refuses to run as root, so when this script runs as root the
# cluster runs as the `postgres` user, which is given DIR; otherwise it runs as the caller.
# PGBIN overrides where the PostgreSQL 15 programs are (/usr/lib/postgresql/15/bin).
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

die() {
	echo "pg-cluster: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case $cmd in start | stop) ;; *) usage ;; esac
[ -n "$dir" ] || usage
[ -x "$PGBIN/pg_ctl" ] || die "no PostgreSQL programs in $PGBIN (install postgresql-15, or set PGBIN)"

# as_owner CMD...: runs CMD as the user the cluster belongs to, from DIR (the postgres user
# may not be allowed into the caller's working directory).
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$dir" && runuser -u "$owner" -- "$@")
	else
		(cd "$dir" && "$@")
	fi
}

# url_encode S: S with every byte outside [A-Za-z0-9/._~-] percent-encoded.
url_encode() {
	local LC_ALL=C s=$1 out='' c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9/._~-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

running() {
	# pg_ctl status: 0 running, 3 not running, 4 no usable data directory
	as_owner "$PGBIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

if [ "$cmd" = stop ]; then
	[ -d "$dir" ] || exit 0
	dir=$(cd "$dir" && pwd)
	[ -f "$dir/data/PG_VERSION" ] || exit 0
	owner=$(stat -c %U "$dir/data")
	if [ "$(id -u)" -ne 0 ] && [ "$owner" != "$(id -un)" ]; then
		die "$dir/data belongs to $owner: stop it as $owner or as root"
	fi
	running || exit 0
	as_owner "$PGBIN/pg_ctl" stop -D "$dir/data" -m fast -w -s >&2 || die "could not stop the server in $dir"
	exit 0
fi

# start
if [ "$(id -u)" -eq 0 ]; then
	owner=postgres
	id -u "$owner" >/dev/null 2>&1 || die "running as root needs a '$owner' user to run the server"
else
	owner=$(id -un)
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# The socket's path (DIR/.s.PGSQL.5432) must fit a sockaddr_un: 107 bytes.
[ ${#dir} -le 90 ] || die "$dir: path too long for a Unix socket directory (at most 90 bytes)"
case $dir in *\'*) die "$dir: a quote in the path is not supported" ;; esac

if [ "$(id -u)" -eq 0 ]; then
	chown "$owner" "$dir"
	chmod 700 "$dir"
	# The server must reach DIR: the parent (say a `mktemp -d` directory, mode 700) gets
	# search permission for others; any other ancestor it cannot pass is an error.
	parent=$(dirname "$dir")
	if ! runuser -u "$owner" -- test -x "$parent" 2>/dev/null; then
		chmod o+x "$parent"
	fi
	runuser -u "$owner" -- test -w "$dir" 2>/dev/null ||
		die "$owner cannot reach $dir: give it search permission on every directory above"
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
	[ ! -e "$dir/data" ] || die "$dir/data exists but holds no cluster: remove it or choose another DIR"
	ctype=C
	if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
		ctype=C.UTF-8
	else
		echo "pg-cluster: no C.UTF-8 locale here: trigram indexes will ignore non-ASCII text" >&2
	fi
	if ! as_owner "$PGBIN/initdb" -D "$dir/data" -U "$owner" --no-locale --lc-ctype="$ctype" -E UTF8 -A trust \
		--no-instructions --no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		die "initdb failed in $dir/data"
	fi
	cat >>"$dir/data/postgresql.conf" <<EOF

# tools/pg-cluster.sh: a throwaway test cluster reached only through its Unix socket
listen_addresses = ''
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 32MB
logging_collector = off
EOF
fi

if ! running; then
	if ! as_owner "$PGBIN/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 -s >&2; then
		tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
		die "the server in $dir did not start (log: $dir/server.log)"
	fi
fi
as_owner "$PGBIN/pg_isready" -q -h "$dir" -d postgres -U "$owner" -t 30 ||
	die "the server in $dir does not accept connections (log: $dir/server.log)"

echo "postgresql:///postgres?host=$(url_encode "$dir")&user=$(url_encode "$owner")"

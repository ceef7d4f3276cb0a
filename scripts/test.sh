#!/usr/bin/env bash
# The whole test suite: a throwaway PostgreSQL cluster on loopback for the PostgreSQL half of the
# store tests, started here and stopped on exit, then pytest.
set -euo pipefail
VENV=${1:-.venv}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGPORT=${SANCTIONWATCH_TEST_PGPORT:-55432}
PGDATA=$(mktemp -d /tmp/sanctionwatch-pg.XXXXXX)
stop_pg() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    su postgres -c "cd / && $PGBIN/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDATA"
}
trap stop_pg EXIT
chown postgres:postgres "$PGDATA"
# initdb and pg_ctl refuse to run as root: run them as the postgres user.
su postgres -c "cd / && $PGBIN/initdb -D $PGDATA -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -c "cd / && $PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off\" start" >/dev/null
export SANCTIONWATCH_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
# Spark in local mode keeps its driver on loopback (no reverse-DNS surprises on CI machines).
export SPARK_LOCAL_IP=127.0.0.1
export SANCTIONWATCH_SHARED_DATA=${SANCTIONWATCH_SHARED_DATA:-$(cd "$(dirname "$0")/.." && pwd)/../shared/data}
"$VENV/bin/python" -m pytest -q -p no:cacheprovider "${@:2}"

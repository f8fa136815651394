#!/usr/bin/env bash
# docker-compose only: runs once in the primary's container on its first start (docker-entrypoint-initdb.d).
# Mirrors what ops/services/postgres.sh does on a host.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<'SQL'
CREATE ROLE replicator LOGIN REPLICATION PASSWORD 'replicator';
CREATE DATABASE ledger_test OWNER ledger;
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"

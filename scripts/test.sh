#!/usr/bin/env bash
# Runs every test of every module (mvn verify), PostgreSQL included: the tests start an embedded
# PostgreSQL themselves. Extra arguments go to Maven, e.g. scripts/test.sh -pl connectors.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai poppler-utils qpdf chromium chromium-driver softhsm2 opensc
need_packages fonts-cns11643-kai # fallback font for characters outside UKai (CJK Extension B) in decision PDFs
need_packages postgresql-client curl jq # pg_dump/pg_restore/psql, curl and jq for scripts/restore-drill.sh (RestoreDrillIT); the embedded PostgreSQL ships no pg_dump

exec mvn -B verify "$@"

#!/usr/bin/env bash
# Restore drill (docs/backup-restore.md): dumps a running Kuayu PostgreSQL database (pg_dump -Fc, a
# consistent snapshot), restores it into a fresh database, starts Kuayu against the restored
# database and checks that the restore is usable:
#   - row counts of the case, decision, evidence and audit tables equal the source's
#   - both hash-chained audit logs verify (GET /api/audit/data-access/verify, /api/audit/events/verify)
#   - the latest issued decision PDF matches its stored SHA-256 and its signatures verify
#   - sealed personal data still reads (same personal-data keys): a caseworker's worklist and case views
#   - a case left in progress can be moved on: the caseworker's first task is claimed and completed
# Prints one line per check and exits 0 only if every check passed (1: a check failed, 2: usage or setup).
#
# The server is given the usual PostgreSQL client way: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass).
#
#   scripts/restore-drill.sh --db kuayu [--restore-db kuayu_drill] [--restore-host H] [--restore-port P]
#       [--jar engine-app/target/kuayu-engine.jar] [--port 18080] [--auditor auditor:pw] [--caseworker user:pw]
#       [--start-timeout 300] [--keep] -- <engine-app arguments of production: profile, keys, kuayu.data-dir ...>
# JAVA_OPTS (e.g. -Xmx2g) goes to the restored instance's JVM.
#
# The engine-app arguments must give the restored instance the SAME personal-data keys and signing key
# store as production (restored from their own backup); the database URL and server port are set here.
# Run it on a machine isolated from the agencies' systems and mail: the restored engine runs its jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
need_packages postgresql-client curl jq

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

SOURCE_DB="" RESTORE_DB="" RESTORE_HOST="${PGHOST:-localhost}" RESTORE_PORT="${PGPORT:-5432}"
JAR="engine-app/target/kuayu-engine.jar" APP_PORT="" START_TIMEOUT=300 KEEP=false
AUDITOR="${KUAYU_DRILL_AUDITOR:-}" CASEWORKER="${KUAYU_DRILL_CASEWORKER:-}"
APP_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) SOURCE_DB="$2"; shift 2 ;;
    --restore-db) RESTORE_DB="$2"; shift 2 ;;
    --restore-host) RESTORE_HOST="$2"; shift 2 ;;
    --restore-port) RESTORE_PORT="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --port) APP_PORT="$2"; shift 2 ;;
    --auditor) AUDITOR="$2"; shift 2 ;;
    --caseworker) CASEWORKER="$2"; shift 2 ;;
    --start-timeout) START_TIMEOUT="$2"; shift 2 ;;
    --keep) KEEP=true; shift ;;
    --) shift; APP_ARGS=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
[ -n "$SOURCE_DB" ] && [ -n "$AUDITOR" ] && [ -n "$CASEWORKER" ] || usage
[ -f "$JAR" ] || { echo "no runnable jar at $JAR (mvn -pl engine-app -am package -DskipTests)" >&2; exit 2; }
RESTORE_DB="${RESTORE_DB:-${SOURCE_DB}_drill_$(date -u +%Y%m%d%H%M%S)}"
if [ -z "$APP_PORT" ]; then
  APP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
WORK=$(mktemp -d -t kuayu-restore-drill.XXXXXX)
DUMP="$WORK/kuayu.dump"
APP_LOG="$WORK/app.log"
BASE="http://localhost:$APP_PORT"
APP_PID=""
FAILED=0

src() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$SOURCE_DB" -c "$1"; }
dst() { PGHOST="$RESTORE_HOST" PGPORT="$RESTORE_PORT" psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$RESTORE_DB" -c "$1"; }
ok() { printf 'OK    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; FAILED=$((FAILED + 1)); }
api() { # api USER:PW METHOD PATH [curl args...]: prints the body, then the status on the last line
  local who="$1" method="$2" path="$3"; shift 3
  curl -s -m 60 -u "$who" -X "$method" -w '\n%{http_code}' "$@" "$BASE$path"
}
status_of() { tail -n 1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }

cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" = true ]; then
    echo "kept: database $RESTORE_DB on $RESTORE_HOST:$RESTORE_PORT, dump and engine log in $WORK"
  else
    PGHOST="$RESTORE_HOST" PGPORT="$RESTORE_PORT" dropdb --if-exists "$RESTORE_DB" 2>/dev/null || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# Tables whose rows must all come back (engine runtime and history tables come back with them in the same dump).
TABLES="kuayu_case kuayu_decision kuayu_evidence kuayu_opinion kuayu_task kuayu_data_access_log kuayu_audit_event act_ru_execution act_ru_task act_hi_procinst"
counts() { # counts src|dst: "table count" per line
  local q="" t
  for t in $TABLES; do q="$q UNION ALL SELECT '$t', COUNT(*) FROM $t"; done
  "$1" "${q# UNION ALL }" | tr '|' ' '
}

echo "Kuayu restore drill: $SOURCE_DB on ${PGHOST:-localhost}:${PGPORT:-5432} -> $RESTORE_DB on $RESTORE_HOST:$RESTORE_PORT ($(date -u +%FT%TZ))"

# 1. dump (one consistent snapshot) and restore into a fresh database
BEFORE=$(counts src)
t0=$(date +%s)
if ! pg_dump -Fc -d "$SOURCE_DB" -f "$DUMP" 2>"$WORK/pg_dump.err"; then
  fail "pg_dump: $(tail -n 3 "$WORK/pg_dump.err")"; exit 1
fi
AFTER=$(counts src)
ok "pg_dump -Fc: $(du -h "$DUMP" | cut -f1) in $(( $(date +%s) - t0 )) s"
t0=$(date +%s)
if ! PGHOST="$RESTORE_HOST" PGPORT="$RESTORE_PORT" createdb "$RESTORE_DB" 2>"$WORK/createdb.err"; then
  fail "createdb $RESTORE_DB: $(cat "$WORK/createdb.err")"; exit 1
fi
if ! PGHOST="$RESTORE_HOST" PGPORT="$RESTORE_PORT" pg_restore --exit-on-error --no-owner --no-privileges -d "$RESTORE_DB" "$DUMP" \
    2>"$WORK/pg_restore.err"; then
  fail "pg_restore: $(tail -n 3 "$WORK/pg_restore.err")"; exit 1
fi
ok "pg_restore into the fresh database $RESTORE_DB in $(( $(date +%s) - t0 )) s"

# 2. every row back: the restored count equals the source's (between its counts before and after the dump if it moved)
RESTORED=$(counts dst)
for t in $TABLES; do
  b=$(awk -v t="$t" '$1 == t {print $2}' <<<"$BEFORE")
  a=$(awk -v t="$t" '$1 == t {print $2}' <<<"$AFTER")
  r=$(awk -v t="$t" '$1 == t {print $2}' <<<"$RESTORED")
  if [ "$b" = "$a" ] && [ "$r" = "$b" ]; then
    ok "rows in $t: $r restored = $b in the source"
  elif [ "$b" != "$a" ] && [ "$r" -ge "$(( b < a ? b : a ))" ] && [ "$r" -le "$(( b > a ? b : a ))" ]; then
    ok "rows in $t: $r restored, source moved from $b to $a during the dump"
  else
    fail "rows in $t: $r restored, but $b in the source before the dump and $a after"
  fi
done

# 3. Kuayu on the restored database, configured like production (same keys)
"$JAVA" ${JAVA_OPTS:-} -jar "$JAR" "--server.port=$APP_PORT" \
  "--spring.datasource.url=jdbc:postgresql://$RESTORE_HOST:$RESTORE_PORT/$RESTORE_DB" \
  "--spring.datasource.username=${PGUSER:-$(id -un)}" "--spring.datasource.password=${PGPASSWORD:-}" \
  "${APP_ARGS[@]}" >"$APP_LOG" 2>&1 &
APP_PID=$!
t0=$(date +%s)
until curl -s -m 5 "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    fail "Kuayu on the restored database exited while starting: $(grep -m 1 -E 'APPLICATION FAILED|Exception' "$APP_LOG" || tail -n 1 "$APP_LOG")"
    exit 1
  fi
  if [ $(( $(date +%s) - t0 )) -ge "$START_TIMEOUT" ]; then
    fail "Kuayu on the restored database not up within $START_TIMEOUT s (log: $APP_LOG)"; KEEP=true; exit 1
  fi
  sleep 2
done
ok "Kuayu started on the restored database in $(( $(date +%s) - t0 )) s (port $APP_PORT)"

# 4. both hash chains verify, over every restored entry (before the drill's own reads add entries)
for chain in "data-access kuayu_data_access_log" "events kuayu_audit_event"; do
  set -- $chain
  answer=$(api "$AUDITOR" GET "/api/audit/$1/verify")
  body=$(body_of "$answer")
  rows=$(awk -v t="$2" '$1 == t {print $2}' <<<"$RESTORED")
  if [ "$(status_of "$answer")" = 200 ] && [ "$(jq -r .valid <<<"$body")" = true ] && [ "$(jq -r .entries <<<"$body")" = "$rows" ]; then
    ok "audit chain $1: $rows entries verify, head $(jq -r '.lastSeq' <<<"$body") $(jq -r '.lastHash' <<<"$body")"
  else
    fail "audit chain $1 does not verify: HTTP $(status_of "$answer") $(head -c 400 <<<"$body")"
  fi
done

# 5. the latest issued decision: stored bytes match their SHA-256 and the signatures verify
decision=$(dst "SELECT case_id || ' ' || document_no || ' ' || sha256 FROM kuayu_decision WHERE status = 'issued' ORDER BY issued_at DESC LIMIT 1")
if [ -z "$decision" ]; then
  fail "no issued decision in the restored database to verify"
else
  read -r case_id document_no sha <<<"$decision"
  dst "SELECT encode(pdf, 'base64') FROM kuayu_decision WHERE case_id = '$case_id'" | base64 -d >"$WORK/decision.pdf"
  actual=$(sha256sum "$WORK/decision.pdf" | cut -d' ' -f1)
  answer=$(curl -s -m 60 -w '\n%{http_code}' -H 'Content-Type: application/pdf' --data-binary "@$WORK/decision.pdf" "$BASE/api/decisions/verify")
  body=$(body_of "$answer")
  if [ "$actual" != "$sha" ]; then
    fail "decision $document_no: stored PDF hashes to $actual, not its recorded $sha"
  elif [ "$(status_of "$answer")" = 200 ] && [ "$(jq -r .valid <<<"$body")" = true ] \
      && [ "$(jq -r '[.signatures[] | select(.valid != true)] | length' <<<"$body")" = 0 ]; then
    ok "decision $document_no: SHA-256 matches, $(jq -r '.signatures | length' <<<"$body") signature(s) verify"
  else
    fail "decision $document_no does not verify: HTTP $(status_of "$answer") $(head -c 400 <<<"$body")"
  fi
fi

# 6. sealed personal data reads with the configured keys: the caseworker's worklist and the case views behind it
answer=$(api "$CASEWORKER" GET "/api/tasks?size=20")
body=$(body_of "$answer")
if [ "$(status_of "$answer")" != 200 ]; then
  fail "sealed personal data: the worklist of ${CASEWORKER%%:*} answers HTTP $(status_of "$answer") $(head -c 300 <<<"$body")"
  body='{"items":[]}'
fi
read_cases=0 unreadable=0
for case_id in $(jq -r '[.items[].caseId] | unique | .[]' <<<"$body"); do
  view=$(api "$CASEWORKER" GET "/api/cases/$case_id")
  if [ "$(status_of "$view")" = 200 ] && jq -e '(.applicant.nationalId | test("^[A-Z][0-9]{2}\\*{4}[0-9]{3}$")) and (.data | length > 0)' \
      <<<"$(body_of "$view")" >/dev/null; then
    read_cases=$((read_cases + 1))
  else
    unreadable=$((unreadable + 1))
  fi
done
if [ "$read_cases" -gt 0 ] && [ "$unreadable" = 0 ]; then
  ok "sealed personal data: $read_cases case(s) of ${CASEWORKER%%:*}'s worklist read (national ID masked, application data opened)"
elif [ "$unreadable" -gt 0 ]; then
  fail "sealed personal data: $unreadable case(s) of ${CASEWORKER%%:*}'s worklist cannot be read (wrong personal-data keys?)"
elif [ "$(status_of "$answer")" = 200 ]; then
  fail "sealed personal data: ${CASEWORKER%%:*} has no open task to read a case through; choose a caseworker with work"
fi

# 7. a case left in progress moves on: the first task of the worklist, claimed and completed with an offered action
task=$(jq -c '.items[0] // empty' <<<"$body")
if [ -n "$task" ]; then
  task_id=$(jq -r .id <<<"$task")
  case_id=$(jq -r .caseId <<<"$task")
  action=$(jq -r 'if (.actions | index("approve")) then "approve" else (.actions[0] // "") end' <<<"$task")
  claim=$(api "$CASEWORKER" POST "/api/tasks/$task_id/claim")
  done_=$(api "$CASEWORKER" POST "/api/tasks/$task_id/complete" -H 'Content-Type: application/json' \
    --data "$(jq -n --arg a "$action" '{action: $a, opinion: "還原演練"}')")
  still_open=$(body_of "$(api "$CASEWORKER" GET "/api/cases/$case_id")" | jq --arg t "$task_id" '[.tasks[]? | select(.id == $t)] | length' || echo unknown)
  if [ "$(status_of "$claim")" = 204 ] && [ "$(status_of "$done_")" = 204 ] && [ "$still_open" = 0 ]; then
    ok "case $(jq -r .caseNo <<<"$task") moved on: step $(jq -r .step <<<"$task") completed ($action)"
  else
    fail "case $(jq -r .caseNo <<<"$task") did not move on: claim HTTP $(status_of "$claim"), complete HTTP $(status_of "$done_") $(body_of "$done_" | head -c 300)"
  fi
else
  fail "no case in progress on ${CASEWORKER%%:*}'s worklist to move on"
fi

errors=$(grep -c ' ERROR ' "$APP_LOG" || true)
echo "engine-app errors logged on the restored instance: $errors"
if [ "$FAILED" -gt 0 ]; then
  echo "RESTORE DRILL FAILED: $FAILED check(s) failed"
  if [ "$KEEP" != true ]; then
    cp "$APP_LOG" "${TMPDIR:-/tmp}/kuayu-restore-drill-app.log"
    echo "engine log: ${TMPDIR:-/tmp}/kuayu-restore-drill-app.log"
  fi
  exit 1
fi
echo "RESTORE DRILL PASSED"

#!/usr/bin/env bash
# Load test (not a test of the suite): the packaged engine-app on an embedded PostgreSQL under
# 500 concurrent intake clients and 50 concurrent caseworkers for ten minutes; prints requests,
# answers by status, 429/503 with Retry-After, heap and RSS over time, lost or duplicated cases.
# Settings: -Dload.minutes=10 -Dload.intake=500 -Dload.caseworkers=50 -Dload.heap=1g
#           -Dload.sampleSeconds=30 -Dload.timeoutSeconds=60 -Dload.args="--kuayu.x=y ..."
#           (extra arguments go to Maven). Record the output in docs/benchmarks.md ("Load").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai

# the runnable jar (run as its own process) and engine-app's plain jar (the benchmarks module depends on it)
mvn -q -pl engine-app -am package -DskipTests
exec mvn -q -pl benchmarks -am compile exec:java -Dbench.main=tw.kuayu.benchmarks.LoadTest "$@"

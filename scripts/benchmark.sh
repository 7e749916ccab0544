#!/usr/bin/env bash
# Throughput benchmark (not a test): bare Camunda 7.24 (its Spring Boot starter, Java API and REST; a
# standalone engine for reference) against Kuayu's land-value-tax and
# public-housing flows through its HTTP API, in one run, on embedded PostgreSQL and in-memory H2,
# 4 threads, after warm-up; per-stage breakdown; start-up time and RSS of the demo jar.
# Settings: -Dbench.cases=40 -Dbench.bareCases=200 -Dbench.warmup=8 -Dbench.threads=4
#           -Dbench.databases=postgres,h2 -Dkuayu.bench.set=camunda.bpm.x=y,...  (extra arguments go to Maven)
# Record the output in docs/benchmarks.md with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai

# the runnable jar (start-up and memory figures) and engine-app's plain jar for the in-process run
mvn -q -pl engine-app -am package -DskipTests
exec mvn -q -pl benchmarks -am compile exec:java -Dbench.main=tw.kuayu.benchmarks.ThroughputBenchmark "$@"

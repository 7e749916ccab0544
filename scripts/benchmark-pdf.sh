#!/usr/bin/env bash
# PDF decision benchmark (not a test): bare PDFBox against Kuayu's full decision with one and three
# signatures, after warm-up. Prints a table; record it in docs/benchmarks.md with the machine details.
# Settings: -Dbench.warmup=40 -Dbench.rounds=5 -Dbench.perRound=30 (extra arguments go to Maven).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai

exec mvn -q -pl benchmarks -am compile exec:java "$@"

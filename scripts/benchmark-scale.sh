#!/usr/bin/env bash
# Large-volume benchmarks on an embedded PostgreSQL (not tests), each printing a table:
#   worklist  issue 9: GET /api/tasks at 100,000 and 1,000,000 open tasks against bare Camunda's
#             candidate-group query, right after the bulk load and after VACUUM ANALYZE
#   sla       issue 5: GET /api/sla/summary and /api/sla/bottlenecks over 1,000,000 finished and 50,000 open cases
#   growth    issue 7: intake, worklist and SLA summary at 10,000, 100,000 and 1,000,000 open cases
#   cleanup   issue 7: Camunda's history cleanup over 10,000 and 100,000 finished cases' engine history
# Usage: scripts/benchmark-scale.sh [worklist|sla|growth|cleanup|all] [-Dbench.sizes=...] [-Dbench.explain=true] ...
# Settings: -Dbench.rounds -Dbench.perRound -Dbench.budgetMs -Dbench.templates (WorklistBenchmark, SlaBenchmark,
# GrowthBenchmark, HistoryCleanupBenchmark javadoc)
# Record the output in docs/benchmarks.md with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai

which="${1:-all}"
[ $# -gt 0 ] && shift
case "$which" in
  worklist) classes=(WorklistBenchmark) ;;
  sla) classes=(SlaBenchmark) ;;
  growth) classes=(GrowthBenchmark) ;;
  cleanup) classes=(HistoryCleanupBenchmark) ;;
  all) classes=(WorklistBenchmark SlaBenchmark GrowthBenchmark HistoryCleanupBenchmark) ;;
  *) echo "usage: $0 [worklist|sla|growth|cleanup|all] [-Dbench.x=y ...]" >&2; exit 2 ;;
esac

mvn -q -pl benchmarks -am install -DskipTests
for class in "${classes[@]}"; do
  mvn -q -pl benchmarks exec:java -Dbench.main="tw.kuayu.benchmarks.$class" "$@"
done

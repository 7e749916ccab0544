#!/usr/bin/env bash
# Builds Kuayu and starts the whole system on embedded defaults: H2 file database under ./data,
# demo agencies and users (password "demo"), the agency stand-in and demo signing keys.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai

echo "Building Kuayu (first build downloads dependencies from Maven Central)..."
mvn -B -q -DskipTests package
echo "Starting Kuayu; it is ready when it prints 'Kuayu is ready'."
exec java -jar engine-app/target/kuayu-engine.jar --spring.profiles.active=demo "$@"

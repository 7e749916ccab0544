#!/usr/bin/env bash
# Retakes the user guides' screenshots (docs/images/*.png): starts Kuayu with the demo profile on a
# free port, files demo cases and photographs the pages in headless chromium
# (tw.kuayu.browser.GuideScreenshots, in engine-app's tests). Optional arguments: output directory,
# then a file-name prefix to retake only some pictures, e.g. `scripts/screenshots.sh docs/images sla-`
# for the managers' dashboard (shown over half a year of generated case history).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
check_java_and_maven
need_packages fonts-arphic-ukai chromium chromium-driver

mvn -q -B -pl engine-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "engine-app/target/test-classes:engine-app/target/classes:$(cat engine-app/target/test-classpath.txt)" \
  tw.kuayu.browser.GuideScreenshots "${1:-docs/images}" ${2:+"$2"}

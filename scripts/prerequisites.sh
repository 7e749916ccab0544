# Sourced by scripts/demo.sh and scripts/test.sh: checks what Kuayu needs from the machine and
# installs Debian packages when it can (as root), or says exactly what to run.

require_command() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "Kuayu needs '$1': $2" >&2
    exit 1
  fi
}

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

check_java_and_maven() {
  require_command java "install Java 17 or later (Debian: apt-get install openjdk-17-jdk-headless)"
  require_command mvn "install Apache Maven (Debian: apt-get install maven)"
  local major
  major=$(java_major)
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    echo "Kuayu needs Java 17 or later; 'java -version' reports ${major:-unknown}." >&2
    exit 1
  fi
}

# need_packages PKG... : Debian packages that must be installed (fonts, PDF tools, browser for tests).
need_packages() {
  local missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages Kuayu needs: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Kuayu needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
    echo "(fonts-arphic-ukai is the Traditional Chinese Kai font embedded in decision PDFs;" >&2
    echo " poppler-utils and qpdf are the independent PDF checkers the tests use;" >&2
    echo " chromium and chromium-driver run the browser tests of the Tasklist and Kuayu's pages;" >&2
    echo " postgresql-client, curl and jq run scripts/restore-drill.sh.)" >&2
    exit 1
  fi
}

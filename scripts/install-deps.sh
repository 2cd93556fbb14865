#!/usr/bin/env bash
# Installs the system packages the sidecar and its tests need, when they are missing:
# redis-server (embedded Redis), Java 17 + Maven (Cassandra test bed), Go (storage emulators and
# test/go-client, the Icarus Go client compatibility test).
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ] || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v go >/dev/null 2>&1 || need+=(golang-go)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v setsid >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The storage emulators need Go >= 1.25 (go install); Debian 12's golang-go is older.
if command -v go >/dev/null 2>&1; then
  v=$(go env GOVERSION | sed 's/^go//'); major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}
  if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 25 ]; }; then
    echo "warning: Go $v is older than 1.25; building the S3/GCS emulators will fail" >&2
  fi
fi
echo "system dependencies present: redis-server $(redis-server --version | awk '{print $3}')"

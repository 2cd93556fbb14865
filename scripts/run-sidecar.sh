#!/usr/bin/env bash
# Installs what is missing (redis-server, npm packages), builds, and starts the sidecar with an
# embedded Redis. Extra arguments go to `icarus icarus`, e.g. --listen 127.0.0.1:4567.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null 2>&1 || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
}
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent
exec node bin/icarus.js icarus "$@"

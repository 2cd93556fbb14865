#!/usr/bin/env bash
# Installs what is missing (redis-server, Node 24 when the system Node is older than 22, npm
# packages), builds, and starts the sidecar with an embedded Redis. Extra arguments go to
# `icarus icarus`, e.g. --listen 127.0.0.1:4567.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null 2>&1 || {
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
}
source scripts/node-env.sh
# A node_modules installed by another Node major (native add-ons, engine checks) is reinstalled.
stamp=node_modules/.icarus-node-major
want=$(node -p 'process.versions.node.split(".")[0]')
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund && echo "$want" >"$stamp"
fi
npm run build --silent
exec node bin/icarus.js icarus "$@"

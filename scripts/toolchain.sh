#!/usr/bin/env bash
# Source this file. It makes a Node >= 22.19 the first `node` on PATH: the machine's own when it is new
# enough, otherwise Node 24 from the npm registry, unpacked into a cache outside the work tree.
# npm_config_nodedir is pointed at that Node's headers so native addons (better-sqlite3) are compiled
# for the Node that will load them; npm's global config may point at another Node's headers.
SECRETS_NODE_VERSION="${SECRETS_NODE_VERSION:-24.22.3}"
SECRETS_TOOLCHAIN_DIR="${SECRETS_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/secrets-plugin/toolchain}"

_secrets_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}

_secrets_use_node_dir() {
  export PATH="$1/bin:$PATH"
  export npm_config_nodedir="$1"
}

if [ -z "${SECRETS_FORCE_DOWNLOAD:-}" ] && _secrets_node_ok; then
  _nodebin="$(dirname "$(command -v node)")"
  _noderoot="$(cd "$_nodebin/.." && pwd)"
  if [ -f "$_noderoot/include/node/node.h" ]; then export npm_config_nodedir="$_noderoot"; fi
else
  case "$(uname -m)" in
    x86_64) _arch=x64 ;;
    aarch64 | arm64) _arch=arm64 ;;
    *) echo "toolchain: unsupported CPU $(uname -m)" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  _pkg="node-linux-${_arch}"
  _dir="$SECRETS_TOOLCHAIN_DIR/node-v$SECRETS_NODE_VERSION-$_arch"
  if [ ! -x "$_dir/node_modules/$_pkg/bin/node" ]; then
    echo "toolchain: installing Node $SECRETS_NODE_VERSION ($_pkg) into $_dir" >&2
    mkdir -p "$_dir"
    (cd "$_dir" && echo '{"private":true}' > package.json &&
      npm install --no-save --no-package-lock --ignore-scripts "$_pkg@$SECRETS_NODE_VERSION" >&2) ||
      { echo "toolchain: could not install Node $SECRETS_NODE_VERSION" >&2; return 1 2>/dev/null || exit 1; }
  fi
  _secrets_use_node_dir "$_dir/node_modules/$_pkg"
fi
unset -f _secrets_node_ok _secrets_use_node_dir

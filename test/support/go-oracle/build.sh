#!/usr/bin/env bash
# Builds eso-render's Go template oracle (main.go beside this script) with Debian's Go toolchain and
# Debian's Sprig package, offline: GOPATH mode, no module proxy, nothing downloaded.
#
#   build.sh OUTPUT     write the binary to OUTPUT (atomically: a concurrent build cannot leave half a file)
#
# Needs the Debian packages golang-go and golang-github-masterminds-sprig-dev (Go 1.19 and Sprig 3.2.3 on
# Debian 12). When they are missing and this runs as root (as CI does), it installs them with apt-get;
# otherwise it says which to install.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTPUT}"
gocode=/usr/share/gocode

if ! command -v go >/dev/null || [ ! -d "$gocode/src/github.com/Masterminds/sprig" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "go-oracle: installing golang-go and golang-github-masterminds-sprig-dev from Debian" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-github-masterminds-sprig-dev >/dev/null
  else
    echo "go-oracle: needs Debian's golang-go and golang-github-masterminds-sprig-dev:" >&2
    echo "  sudo apt-get install golang-go golang-github-masterminds-sprig-dev" >&2
    exit 1
  fi
fi

# Debian ships Sprig v3 and semver v3 under their v1 import paths (no /v3 directory), and GOPATH mode
# resolves an import path literally. A first GOPATH entry holding only the two /v3 paths, as links to
# Debian's copies, puts them where `import "github.com/Masterminds/sprig/v3"` looks; every other
# dependency (goutils, uuid, xstrings, mergo, copystructure, decimal, cast, x/crypto) is found in the
# second entry, Debian's own tree.
shim="$(mktemp -d)"
trap 'rm -rf "$shim"' EXIT
for lib in sprig semver; do
  mkdir -p "$shim/src/github.com/Masterminds/$lib"
  ln -s "$gocode/src/github.com/Masterminds/$lib" "$shim/src/github.com/Masterminds/$lib/v3"
done
mkdir -p "$shim/src/go-template-oracle"
cp "$src/main.go" "$shim/src/go-template-oracle/"

cache="${GOCACHE:-}"
[ -n "$cache" ] || cache="$(go env GOCACHE 2>/dev/null || true)"
case "$cache" in ""|off) cache="$shim/cache" ;; esac

mkdir -p "$(dirname "$out")"
tmp="$out.partial.$$"
(cd "$shim/src/go-template-oracle" && GOPATH="$shim:$gocode" GO111MODULE=off GOFLAGS= GOPROXY=off GOCACHE="$cache" go build -o "$tmp" .)
mv -f "$tmp" "$out"
echo "go-oracle: built $out ($(go version | cut -d' ' -f3))" >&2

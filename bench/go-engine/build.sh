#!/usr/bin/env bash
# Builds bench/go-engine from Debian's Go and Sprig packages, as the project's Go template oracle
# is built (test/support/go-oracle/build.sh installs the packages when missing): usage build.sh OUTPUT
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$1"
oracle="$here/../../test/support/go-oracle"
[ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || bash "$oracle/build.sh" "$(mktemp -d)/oracle" >/dev/null
gopath="$(mktemp -d)"
trap 'rm -rf "$gopath"' EXIT
mkdir -p "$gopath/src/github.com/Masterminds" "$gopath/src/goengine"
for d in /usr/share/gocode/src/*; do [ "$(basename "$d")" = github.com ] || ln -s "$d" "$gopath/src/$(basename "$d")"; done
for d in /usr/share/gocode/src/github.com/*; do [ "$(basename "$d")" = Masterminds ] || ln -s "$d" "$gopath/src/github.com/$(basename "$d")"; done
# Debian installs Sprig v3 and semver v3 without the /v3 import suffix.
for d in /usr/share/gocode/src/github.com/Masterminds/*; do
  name="$(basename "$d")"
  case "$name" in
    sprig|semver) mkdir -p "$gopath/src/github.com/Masterminds/$name"; ln -s "$d" "$gopath/src/github.com/Masterminds/$name/v3" ;;
    *) ln -s "$d" "$gopath/src/github.com/Masterminds/$name" ;;
  esac
done
cp "$here/main.go" "$gopath/src/goengine/"
cd "$gopath/src/goengine"
GOPATH="$gopath" GO111MODULE=off GOFLAGS= go build -o "$out" .

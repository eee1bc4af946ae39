#!/usr/bin/env bash
# Fetches or builds every real service the local stack runs, cached by
# version under $PKADMIN_CACHE (default ~/.cache/pkadmin), and prints
# nothing but progress. A second run finds everything in the cache and
# returns at once. Versions are pinned in versions.env beside this file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tools=$(cd "$here/../tools" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
cache=${PKADMIN_CACHE:-$HOME/.cache/pkadmin}
mkdir -p "$cache/bin"

step() { printf 'fetch: %s\n' "$*" >&2; }

# build_tool DIR OUT PKG...: builds main packages of a tool module into OUT.
build_tool() {
  local dir=$1 out=$2; shift 2
  local tmp="$out.tmp"
  rm -rf "$tmp" && mkdir -p "$tmp"
  for pkg in "$@"; do
    (cd "$dir" && CGO_ENABLED=0 go build -trimpath -o "$tmp/" "$pkg")
  done
  rm -rf "$out" && mv "$tmp" "$out"
}

etcd_dir="$cache/bin/etcd-$ETCD_VERSION"
if [ ! -x "$etcd_dir/etcd" ]; then
  step "building etcd $ETCD_VERSION (about a minute)"
  build_tool "$tools/etcd" "$etcd_dir" .
fi

kube_dir="$cache/bin/kube-$KUBE_VERSION"
if [ ! -x "$kube_dir/kube-apiserver" ] || [ ! -x "$kube_dir/kube-controller-manager" ]; then
  step "building kube-apiserver and kube-controller-manager $KUBE_VERSION (about 6 minutes)"
  build_tool "$tools/kube" "$kube_dir" ./kube-apiserver ./kube-controller-manager
fi

minio_dir="$cache/bin/minio-$MINIO_VERSION"
if [ ! -x "$minio_dir/minio" ]; then
  step "building minio $MINIO_VERSION (about 5 minutes)"
  rm -rf "$minio_dir.tmp" && mkdir -p "$minio_dir.tmp"
  GOBIN="$minio_dir.tmp" CGO_ENABLED=0 go install "github.com/minio/minio@$MINIO_VERSION"
  rm -rf "$minio_dir" && mv "$minio_dir.tmp" "$minio_dir"
fi

kc_dir="$cache/keycloak-$KEYCLOAK_VERSION"
if [ ! -x "$kc_dir/bin/kc.sh" ]; then
  step "downloading keycloak $KEYCLOAK_VERSION"
  rm -rf "$kc_dir.tmp" && mkdir -p "$kc_dir.tmp"
  mvn -q -B dependency:copy \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
    "-DoutputDirectory=$kc_dir.tmp"
  tar -xzf "$kc_dir.tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz" -C "$kc_dir.tmp"
  rm -rf "$kc_dir" && mv "$kc_dir.tmp/keycloak-$KEYCLOAK_VERSION" "$kc_dir"
  rm -rf "$kc_dir.tmp"
  # A first build makes every later start-dev quicker.
  step "keycloak: first build"
  JAVA_HOME=$(bash "$here/java-home.sh") "$kc_dir/bin/kc.sh" build >/dev/null
fi
step "all services are in $cache"

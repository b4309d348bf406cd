#!/usr/bin/env bash
# Assembles, offline, a STAND-IN for the official base image that exporter/Dockerfile and demo/Dockerfile name in
# their FROM (versions.json `baseImage.ref`, docker.io/library/node:20-bookworm-slim). No image registry is
# reachable on these machines, so the official image cannot be pulled; instead:
#   debootstrap --variant=minbase bookworm   (Debian's own packages)
#   + this machine's Node 20 and npm         (/usr/local/bin/node, /usr/local/lib/node_modules/npm, as upstream)
#   + the `node` user and group, uid/gid 1000 (as upstream: what `USER node` runs as)
# imported with `podman import` and tagged with the official name, so `podman build --pull=never` takes it. It is
# labelled org.redis-lens.stand-in=true. Where the real image can be pulled (Docker users), it is used instead and
# this script only finds it present. Cached: a second run only checks that the image exists.
#   REDIS_LENS_CACHE   cache dir (default ~/.cache/redis-lens); the root filesystem is assembled under it, then removed
#   DEBIAN_MIRROR      debootstrap's mirror (default http://deb.debian.org/debian, what apt uses here)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${REDIS_LENS_CACHE:-$HOME/.cache/redis-lens}"
field() { node -p "require(process.argv[1]).baseImage.$1" "$root/versions.json"; }
ref=$(field ref)
suite=$(field debian)
node_major=$(field node)

for tool in podman debootstrap; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-base-image: $tool is missing (Debian package '$tool'; npm run setup installs it)" >&2
    exit 1
  fi
done

if podman image exists "$ref"; then
  stand_in=$(podman image inspect --format '{{index .Labels "org.redis-lens.stand-in"}}' "$ref" 2>/dev/null || true)
  echo "build-base-image: $ref present${stand_in:+ (the redis-lens stand-in)}"
  exit 0
fi

node_bin=$(readlink -f "$(command -v node)")
node_version=$("$node_bin" --version)
case "$node_version" in
  "v$node_major".*) ;;
  *)
    echo "build-base-image: this machine's Node is $node_version; $ref needs Node $node_major" >&2
    exit 1
    ;;
esac
npm_dir="$(npm root -g)/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || {
  echo "build-base-image: npm not found at $npm_dir" >&2
  exit 1
}

work="$cache/base-image"
rootfs="$work/rootfs"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

echo "build-base-image: assembling a stand-in for $ref (first run only): debootstrap $suite minbase + Node $node_version"
started=$(date +%s)
debootstrap --variant=minbase "$suite" "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  echo "build-base-image: debootstrap failed" >&2
  exit 1
}
echo "build-base-image: debootstrap took $(($(date +%s) - started)) s"

# Node where the official image has it: npm's prefix (and so its global config, /usr/local/etc/npmrc) follows.
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# The official image's user, made the way its Dockerfile makes it.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# Slim like debian:bookworm-slim: no package caches, lists, manuals or docs.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin chroot "$rootfs" node -e 'process.exit(0)' || {
  echo "build-base-image: Node does not run inside the assembled root filesystem" >&2
  exit 1
}

tar --numeric-owner -C "$rootfs" -cf - . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change 'LABEL org.redis-lens.stand-in=true' \
  --change "LABEL org.opencontainers.image.description=redis-lens stand-in for $ref: debootstrap $suite minbase + Node $node_version" \
  --change 'CMD ["node"]' \
  --message "redis-lens stand-in for $ref (scripts/build-base-image.sh)" \
  - "$ref" >"$work/import.log" 2>&1 || {
  cat "$work/import.log" >&2
  echo "build-base-image: podman import failed" >&2
  exit 1
}
size=$(podman image inspect --format '{{.Size}}' "$ref")
echo "build-base-image: $ref (stand-in) imported, $((size / 1000000)) MB, in $(($(date +%s) - started)) s in all"

#!/usr/bin/env bash
# Installs the Debian packages the tests start for real (Redis, Sentinel, the anchor exporter, OpenSSL, Chromium,
# zip for the plugin archive; podman, buildah, runc and catatonit (kube play's pause image) to build and run the
# images, debootstrap to assemble their base), then builds the collector, Prometheus 3, Alertmanager, the plugin
# validator, helm, kubectl-validate, etcd, kube-apiserver + kubectl from their Go modules and copies the operators'
# CRDs (scripts/build-tools.sh), and the stand-in base image (scripts/build-base-image.sh); the first run takes many
# minutes, later runs find them cached. Needs root (or password-less sudo) for apt-get; otherwise it lists what is
# missing and exits 1.
set -euo pipefail

packages=(redis-server redis-sentinel redis-tools prometheus-redis-exporter openssl chromium zip
  podman buildah runc catatonit debootstrap)
# binary to probe for each package, in the same order
binaries=(redis-server redis-sentinel redis-cli prometheus-redis-exporter openssl chromium zip
  podman buildah runc catatonit debootstrap)

missing=()
for i in "${!packages[@]}"; do
  command -v "${binaries[$i]}" >/dev/null 2>&1 || [ -x "/usr/bin/${binaries[$i]}" ] || [ -x "/usr/sbin/${binaries[$i]}" ] ||
    missing+=("${packages[$i]}")
done

install_missing() {
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      echo "setup: missing Debian packages: ${missing[*]}" >&2
      echo "setup: run 'npm run setup' as root, or: sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi

  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's packages try to start their services; in a container without systemd they do not, but make sure no
  # system-wide Redis/Prometheus holds a default port during tests.
  for svc in redis-server redis-sentinel prometheus prometheus-alertmanager prometheus-redis-exporter prometheus-node-exporter; do
    "${as_root[@]}" service "$svc" stop >/dev/null 2>&1 || true
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all Debian packages present (${packages[*]})"
else
  install_missing
fi
bash "$(dirname "$0")/build-tools.sh"
bash "$(dirname "$0")/build-base-image.sh"
echo "setup: done"

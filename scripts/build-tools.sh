#!/usr/bin/env bash
# Builds the real programs the tests run, from their Go modules, at the versions versions.json names: an
# OpenTelemetry Collector (ocb, from collector/builder-config.yaml), Prometheus 3 + promtool, Alertmanager + amtool,
# Grafana's plugin validator (plugincheck2), and for the Kubernetes tests helm, kubectl-validate, kube-apiserver +
# kubectl and etcd; it also copies the CRDs of the Prometheus, OpenTelemetry and Grafana operators out of their
# modules. Each lands once in the cache dir as bin/<name>-<version> (CRDs: crds/<operator>-<version>/); a second
# run only checks that the files are there. Needs Go (the machine's /usr/local/go) and the Go module proxy.
#   REDIS_LENS_CACHE   cache dir (default ~/.cache/redis-lens); testkit/src/binaries.ts reads the same.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${REDIS_LENS_CACHE:-$HOME/.cache/redis-lens}"
bin="$cache/bin"
work="$cache/build"
mkdir -p "$bin" "$work"
export PATH="$PATH:/usr/local/go/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "build-tools: Go is not installed (expected /usr/local/go/bin/go); it builds the collector, Prometheus," >&2
  echo "build-tools: Alertmanager and the plugin validator the tests run." >&2
  exit 1
fi

# versions.json field, e.g. `version prometheus.version`
version() { node -p "require(process.argv[1]).$1" "$root/versions.json"; }

# module_dir MODULE@VERSION — where `go mod download` unpacked a module (read-only, in the module cache)
module_dir() {
  go mod download -json "$1" | node -e \
    'let s="";process.stdin.on("data",(c)=>(s+=c)).on("end",()=>{const m=JSON.parse(s);if(m.Error)throw new Error(m.Error);console.log(m.Dir)})'
}

# Symbols and DWARF off, paths trimmed: a smaller, faster link, and the same binary wherever it is built.
goflags=(-trimpath)
common_x() { # ldflags that set prometheus/common's version fields, as Prometheus's own release build (promu) does
  local v=$1 rev=$2
  local p=github.com/prometheus/common/version
  echo "-s -w -X $p.Version=$v -X $p.Revision=$rev -X $p.Branch=HEAD -X $p.BuildUser=redis-lens -X $p.BuildDate=19700101-00:00:00"
}

# present FILE... — true when every file is there (the cache hit)
present() {
  local f
  for f in "$@"; do [ -x "$f" ] || return 1; done
}

started_at=0
begin() {
  started_at=$(date +%s)
  echo "build-tools: building $1 from Go modules (first run only; cached in $bin)…"
}
done_msg() { echo "build-tools: $1 built in $(($(date +%s) - started_at)) s"; }

# Prometheus 3 and promtool. The module is tagged v0.3XX.Y for Prometheus 3.XX.Y. `remove_all_sd` leaves out the
# cloud service discoveries (AWS, Azure, GCE, Kubernetes…): the shipped config uses static_configs only, and the
# build is minutes shorter. Without the `builtinassets` tag the web UI is absent; the HTTP API is all tests use.
build_prometheus() {
  local v module out
  v=$(version prometheus.version)
  module=$(version prometheus.module)
  out=("$bin/prometheus-$v" "$bin/promtool-$v")
  if present "${out[@]}"; then
    echo "build-tools: prometheus $v + promtool cached"
    return
  fi
  begin "prometheus $v + promtool"
  local tmp="$work/prometheus"
  rm -rf "$tmp" && mkdir -p "$tmp"
  GOBIN="$tmp" go install "${goflags[@]}" -tags remove_all_sd -ldflags "$(common_x "$v" "$module")" \
    "github.com/prometheus/prometheus/cmd/prometheus@$module" "github.com/prometheus/prometheus/cmd/promtool@$module"
  mv "$tmp/prometheus" "${out[0]}"
  mv "$tmp/promtool" "${out[1]}"
  done_msg "prometheus $v + promtool"
}

# Alertmanager embeds its built web UI (ui/app/dist), which the module zip does not carry: build from a copy of the
# module with a one-page placeholder there. The API, which tests use, is unaffected.
build_alertmanager() {
  local v out
  v=$(version alertmanager.version)
  out=("$bin/alertmanager-$v" "$bin/amtool-$v")
  if present "${out[@]}"; then
    echo "build-tools: alertmanager $v + amtool cached"
    return
  fi
  begin "alertmanager $v + amtool"
  local tmp="$work/alertmanager" dir
  rm -rf "$tmp" && mkdir -p "$tmp"
  dir=$(module_dir "github.com/prometheus/alertmanager@v$v")
  cp -r "$dir" "$tmp/src"
  chmod -R u+w "$tmp/src"
  for ui in elm mantine; do
    mkdir -p "$tmp/src/ui/app/dist/$ui"
    echo '<!doctype html><title>Alertmanager</title><p>Web UI not built (redis-lens test build); the API is at /api/v2.' \
      >"$tmp/src/ui/app/dist/$ui/index.html"
  done
  (cd "$tmp/src" &&
    go build "${goflags[@]}" -ldflags "$(common_x "$v" "v$v")" -o "$tmp/bin/" ./cmd/alertmanager ./cmd/amtool)
  mv "$tmp/bin/alertmanager" "${out[0]}"
  mv "$tmp/bin/amtool" "${out[1]}"
  rm -rf "$tmp"
  done_msg "alertmanager $v + amtool"
}

# The collector: ocb (at the core release) generates a main package from collector/builder-config.yaml and compiles
# it (ocb itself passes -trimpath and -ldflags=-s -w). A changed manifest at the same release rebuilds: the manifest
# the binary was built from is kept beside it.
build_collector() {
  local release core manifest out
  release=$(version collector.release)
  core=$(version collector.core)
  manifest="$root/collector/builder-config.yaml"
  out="$bin/otelcol-redis-lens-$release"
  if present "$out" && cmp -s "$manifest" "$out.manifest.yaml"; then
    echo "build-tools: otelcol-redis-lens $release cached"
    return
  fi
  begin "otelcol-redis-lens $release (ocb $core)"
  local tmp="$work/collector"
  rm -rf "$tmp" && mkdir -p "$tmp"
  if ! present "$bin/ocb-$core"; then
    GOBIN="$tmp" go install "${goflags[@]}" -ldflags "-s -w" "go.opentelemetry.io/collector/cmd/builder@v$core"
    mv "$tmp/builder" "$bin/ocb-$core"
  fi
  # The manifest names no output path (it is the cache's business): add one to a copy.
  sed "s|^dist:\$|dist:\n  output_path: $tmp/dist|" "$manifest" >"$tmp/builder-config.yaml"
  "$bin/ocb-$core" --config "$tmp/builder-config.yaml" >"$tmp/ocb.log" 2>&1 || {
    cat "$tmp/ocb.log" >&2
    exit 1
  }
  mv "$tmp/dist/otelcol-redis-lens" "$out"
  cp "$manifest" "$out.manifest.yaml"
  rm -rf "$tmp"
  done_msg "otelcol-redis-lens $release"
}

# Grafana's plugin validator (Apache-2.0; the npm package of that name only downloads a release binary).
build_plugin_validator() {
  local v out
  v=$(version pluginValidator.version)
  out="$bin/plugincheck2-$v"
  if present "$out"; then
    echo "build-tools: plugincheck2 $v cached"
    return
  fi
  begin "plugincheck2 $v"
  local tmp="$work/plugincheck2"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # A small wrapper module: `go install pkg@version` asks the proxy for the module's version list (to check for a
  # deprecation), which the proxy refuses for this module; `go get` of the exact version does not need it.
  (cd "$tmp" && go mod init redis-lens-tools >/dev/null 2>&1 &&
    go get "github.com/grafana/plugin-validator/pkg/cmd/plugincheck2@v$v" >"$tmp/get.log" 2>&1 &&
    go build "${goflags[@]}" -ldflags "-s -w" -o "$tmp/plugincheck2" github.com/grafana/plugin-validator/pkg/cmd/plugincheck2) || {
    cat "$tmp/get.log" >&2
    exit 1
  }
  mv "$tmp/plugincheck2" "$out"
  rm -rf "$tmp"
  done_msg "plugincheck2 $v"
}

# helm (v4; Apache-2.0). Its Makefile's version ldflags, so `helm version` names the release.
build_helm() {
  local v module out
  v=$(version helm.version)
  module=$(version helm.module)
  out="$bin/helm-$v"
  if present "$out"; then
    echo "build-tools: helm $v cached"
    return
  fi
  begin "helm $v"
  local tmp="$work/helm" x="$module/internal/version"
  rm -rf "$tmp" && mkdir -p "$tmp"
  GOBIN="$tmp" CGO_ENABLED=0 go install "${goflags[@]}" \
    -ldflags "-s -w -X $x.version=v$v -X $x.gitCommit=v$v -X $x.gitTreeState=clean" "$module/cmd/helm@v$v"
  mv "$tmp/helm" "$out"
  rm -rf "$tmp"
  done_msg "helm $v"
}

# kubectl-validate at a commit (its tags stop at Kubernetes 1.30; the commit carries built-in schemas to 1.35).
# A wrapper module, as for plugincheck2: `go install pkg@pseudo-version` asks the proxy for the version list.
build_kubectl_validate() {
  local v out
  v=$(version kubectlValidate.version)
  out="$bin/kubectl-validate-$v"
  if present "$out"; then
    echo "build-tools: kubectl-validate $v cached"
    return
  fi
  begin "kubectl-validate $v"
  local tmp="$work/kubectl-validate"
  rm -rf "$tmp" && mkdir -p "$tmp"
  (cd "$tmp" && go mod init redis-lens-tools >/dev/null 2>&1 &&
    go get "sigs.k8s.io/kubectl-validate@$v" >"$tmp/get.log" 2>&1 &&
    CGO_ENABLED=0 go build "${goflags[@]}" -ldflags "-s -w" -o "$tmp/kubectl-validate" sigs.k8s.io/kubectl-validate) || {
    cat "$tmp/get.log" >&2
    exit 1
  }
  mv "$tmp/kubectl-validate" "$out"
  rm -rf "$tmp"
  done_msg "kubectl-validate $v"
}

# kube-apiserver and kubectl. k8s.io/kubernetes cannot be `go install`ed: its go.mod points every k8s.io/* staging
# module at ./staging/… v0.0.0. A wrapper module requires it and pins each staging module to the published
# v0.<minor>.<patch>, one replace line per `=> ./staging/` line of that go.mod (read here, so a new staging module
# in a later release needs no edit). The version ldflags are those of hack/lib/version.sh; without them the
# binaries call themselves v0.0.0-master.
build_kubernetes() {
  local v staging out
  v=$(version kubernetes.version)
  staging="0.${v#*.}"
  out=("$bin/kube-apiserver-$v" "$bin/kubectl-$v")
  if present "${out[@]}"; then
    echo "build-tools: kube-apiserver $v + kubectl cached"
    return
  fi
  begin "kube-apiserver $v + kubectl"
  local tmp="$work/kubernetes" gomod major minor ldflags=(-s -w) key val
  rm -rf "$tmp" && mkdir -p "$tmp"
  gomod=$(go mod download -json "k8s.io/kubernetes@v$v" | node -e \
    'let s="";process.stdin.on("data",(c)=>(s+=c)).on("end",()=>{const m=JSON.parse(s);if(m.Error)throw new Error(m.Error);console.log(m.GoMod)})')
  {
    echo "module redis-lens-kubernetes"
    echo
    echo "go $(go env GOVERSION | sed 's/^go//')"
    echo
    echo "require k8s.io/kubernetes v$v"
    echo
    echo "tool ("
    echo "	k8s.io/kubernetes/cmd/kube-apiserver"
    echo "	k8s.io/kubernetes/cmd/kubectl"
    echo ")"
    echo
    echo "replace ("
    sed -n "s|^[[:space:]]*\(k8s.io/[^[:space:]]*\) => ./staging/.*|	\1 => \1 v$staging|p" "$gomod"
    echo ")"
  } >"$tmp/go.mod"
  if ! grep -q "k8s.io/api => k8s.io/api v$staging" "$tmp/go.mod"; then
    echo "build-tools: found no staging replace lines in $gomod" >&2
    exit 1
  fi
  major=${v%%.*}
  minor=${v#*.} && minor=${minor%%.*}
  for key in gitVersion=v$v gitMajor=$major gitMinor=$minor gitCommit=v$v gitTreeState=clean buildDate=1970-01-01T00:00:00Z; do
    for val in k8s.io/client-go/pkg/version k8s.io/component-base/version; do ldflags+=(-X "$val.$key"); done
  done
  (cd "$tmp" && go mod tidy >"$tmp/tidy.log" 2>&1 &&
    CGO_ENABLED=0 go build "${goflags[@]}" -ldflags "${ldflags[*]}" -o "$tmp/bin/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl) || {
    cat "$tmp/tidy.log" >&2
    exit 1
  }
  mv "$tmp/bin/kube-apiserver" "${out[0]}"
  mv "$tmp/bin/kubectl" "${out[1]}"
  rm -rf "$tmp"
  done_msg "kube-apiserver $v + kubectl"
}

# etcd, for kube-apiserver's storage: the server module's main package, through a wrapper module (its go.mod has
# replace lines for its sibling modules, which `go install` refuses).
build_etcd() {
  local v out
  v=$(version etcd.version)
  out="$bin/etcd-$v"
  if present "$out"; then
    echo "build-tools: etcd $v cached"
    return
  fi
  begin "etcd $v"
  local tmp="$work/etcd"
  rm -rf "$tmp" && mkdir -p "$tmp"
  printf 'module redis-lens-etcd\n\ngo %s\n\nrequire go.etcd.io/etcd/server/v3 v%s\n\ntool go.etcd.io/etcd/server/v3\n' \
    "$(go env GOVERSION | sed 's/^go//')" "$v" >"$tmp/go.mod"
  (cd "$tmp" && go mod tidy >"$tmp/tidy.log" 2>&1 &&
    CGO_ENABLED=0 go build "${goflags[@]}" -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3) || {
    cat "$tmp/tidy.log" >&2
    exit 1
  }
  mv "$tmp/etcd" "$out"
  rm -rf "$tmp"
  done_msg "etcd $v"
}

# The operators' CRDs (no build: YAML files in their modules), for kubectl-validate --local-crds and for installing
# into the test API server. One directory per operator and version.
copy_crds() {
  local crds="$cache/crds" name module v src dest
  for entry in \
    "prometheus-operator github.com/prometheus-operator/prometheus-operator prometheusOperator example/prometheus-operator-crd" \
    "opentelemetry-operator github.com/open-telemetry/opentelemetry-operator opentelemetryOperator config/crd/bases" \
    "grafana-operator github.com/grafana/grafana-operator/v5 grafanaOperator config/crd/bases"; do
    read -r name module v src <<<"$entry"
    v=$(version "crds.$v")
    dest="$crds/$name-$v"
    if [ -f "$dest/.complete" ]; then
      echo "build-tools: $name $v CRDs cached"
      continue
    fi
    started_at=$(date +%s)
    echo "build-tools: copying $name $v CRDs out of its Go module into $dest…"
    rm -rf "$dest" && mkdir -p "$dest"
    cp "$(module_dir "$module@v$v")/$src"/*.yaml "$dest/"
    chmod -R u+w "$dest"
    touch "$dest/.complete"
    echo "build-tools: $name $v CRDs copied ($(ls "$dest" | wc -l) files) in $(($(date +%s) - started_at)) s"
  done
}

# `build-tools.sh [collector] [prometheus] [alertmanager] [plugin-validator] [helm] [kubectl-validate] [kubernetes]
# [etcd] [crds]`: all of them by default.
all_started=$(date +%s)
all="collector prometheus alertmanager plugin-validator helm kubectl-validate etcd crds kubernetes"
for program in "${@:-$all}"; do
  for p in $program; do
    # CPU time beside wall time: on a shared machine wall time says little, CPU time / cores bounds an idle build.
    TIMEFORMAT="build-tools: $p: %0R s wall, %0U s user + %0S s system CPU"
    # One build of a program at a time across checkouts sharing the cache: a second run waits, then finds it cached.
    exec 9>"$work/$p.lock"
    flock 9
    case "$p" in
      collector) time build_collector ;;
      prometheus) time build_prometheus ;;
      alertmanager) time build_alertmanager ;;
      plugin-validator) time build_plugin_validator ;;
      helm) time build_helm ;;
      kubectl-validate) time build_kubectl_validate ;;
      kubernetes) time build_kubernetes ;;
      etcd) time build_etcd ;;
      crds) time copy_crds ;;
      *)
        echo "build-tools: unknown program '$p' (${all// /, })" >&2
        exit 2
        ;;
    esac
    flock -u 9
  done
done
echo "build-tools: all programs ready in $bin ($(($(date +%s) - all_started)) s)"

#!/usr/bin/env bash
# provision-tools.sh — build, from source, the IaC engines and the hashicorp/http
# provider that the end-to-end tests and the plan benchmark need, without any
# network access other than the Go module proxy (no GitHub, no release
# downloads, no provider registry). Our own provider, wxa-audit/wechat, is not
# provisioned here: the tests install it from its release zips (see e2e/).
#
# Produces, under ${WXA_TOOLS_DIR:-<repo>/.tools}:
#   bin/tofu-<ver>, bin/tofu                         OpenTofu (required)
#   bin/terraform-1.5.7, bin/terraform               Terraform 1.5.7, last MPL release
#                                                    (optional: skipped with one line
#                                                    on stderr if it cannot be built)
#   providers/<host>/hashicorp/http/1.2.0/<os>_<arch>/terraform-provider-http_v1.2.0
#                                                    for registry.opentofu.org and
#                                                    registry.terraform.io (filesystem
#                                                    mirror, "unpacked" layout): the
#                                                    plan benchmark's floor
#   cli.tfrc                                         CLI config: that mirror for
#                                                    hashicorp/* only, no direct
#                                                    installation, so `init` never goes
#                                                    to the network
#   stamps/                                          one stamp per built artifact
#
# On success prints to stdout, one per line (everything else goes to stderr):
#   TOFU_BIN=...  TERRAFORM_BIN=... (empty if not built)  TF_CLI_CONFIG_FILE=...
#   PROVIDERS_DIR=...  HTTP_PROVIDER_VERSION=...
#
# Usage: scripts/provision-tools.sh           provision (idempotent; warm run ~1 s)
#        scripts/provision-tools.sh --check   exit 0 if provisioned, 1 if not; builds nothing
#
# Environment:
#   WXA_TOOLS_DIR                  tools dir (default <repo>/.tools)
#   GOPATH GOMODCACHE GOCACHE GOFLAGS GOPROXY GOTOOLCHAIN   honoured as set
#   WXA_RETRY_TERRAFORM=1          retry a Terraform build recorded as failed
set -euo pipefail

# ---------------------------------------------------------------------------
# Pinned versions
# ---------------------------------------------------------------------------

# OpenTofu: newest stable release the Go module proxy lists
# (`go list -m -versions github.com/opentofu/opentofu`, checked 2026-11:
#  ... v1.10.10 v1.12.6). v1.12.6 wants go >= 1.26.6. Candidates are tried in
# order; the first whose `go` directive our Go satisfies and that builds wins.
TOFU_CANDIDATES=(1.12.6 1.10.10)
TOFU_MODULE=github.com/opentofu/opentofu

# Terraform 1.5.7: last MPL-2.0 release; its go.mod has no replace directives,
# so plain `go install ...@v1.5.7` works (checked with go1.26.8: builds fine).
TERRAFORM_VERSION=1.5.7
TERRAFORM_MODULE=github.com/hashicorp/terraform

# hashicorp/http provider, the plan benchmark's floor (a data source doing one
# GET per read). v1.2.0 is the version the Go module proxy serves
# (`go list -m -versions github.com/terraform-providers/terraform-provider-http`
# answers exactly "v1.2.0"; later tags carry no /v2 suffix and are refused).
# SDK of Terraform 0.12 (plugin protocol 5), which every engine still speaks.
HTTP_VERSION=1.2.0
HTTP_MODULE=github.com/terraform-providers/terraform-provider-http
HTTP_REV=v1.2.0

MIRROR_HOSTS=(registry.opentofu.org registry.terraform.io)

# ---------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------
CHECK_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --check) CHECK_ONLY=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "provision-tools: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
TOOLS="${WXA_TOOLS_DIR:-$REPO_ROOT/.tools}"
if [[ $CHECK_ONLY == 0 ]]; then mkdir -p "$TOOLS"; fi
case "$TOOLS" in /*) ;; *) TOOLS="$PWD/$TOOLS" ;; esac
if [[ -d "$TOOLS" ]]; then TOOLS="$(cd "$TOOLS" && pwd)"; fi
BIN="$TOOLS/bin"
STAMPS="$TOOLS/stamps"
PROVIDERS="$TOOLS/providers"
CLI_CONFIG="$TOOLS/cli.tfrc"

log() { printf 'provision-tools: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

export CHECKPOINT_DISABLE=1
export CGO_ENABLED=0
# Never let `go` fetch a different toolchain: we want to know what our Go builds.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
# GOPATH/GOMODCACHE/GOCACHE/GOFLAGS/GOPROXY are simply inherited.

GO_BIN="$(command -v go || true)"
if [[ -z "$GO_BIN" && -x /usr/local/go/bin/go ]]; then GO_BIN=/usr/local/go/bin/go; fi

GOOS_GOARCH=""
GO_VERSION=""
go_init() {
  [[ -n "$GO_BIN" ]] || die "no 'go' in PATH nor /usr/local/go/bin/go"
  if [[ -z "$GOOS_GOARCH" ]]; then
    local env
    env="$("$GO_BIN" env GOOS GOARCH GOVERSION)"
    GOOS_GOARCH="$(sed -n '1p' <<<"$env")_$(sed -n '2p' <<<"$env")"
    GO_VERSION="$(sed -n '3p' <<<"$env")"
  fi
}

# The platform is needed even by --check; derive it without `go` if we must.
platform() {
  if [[ -n "$GO_BIN" ]]; then go_init; else
    local os arch
    os="$(uname -s | tr 'A-Z' 'a-z')"
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
    GOOS_GOARCH="${os}_${arch}"
  fi
}

# Stamps record artifact paths relative to $TOOLS, so the dir can be moved.
stamp_artifact() { # name version -> absolute artifact path from the stamp
  local a; a="$(sed -n 's/^artifact=//p' "$STAMPS/$1-$2.ok" 2>/dev/null)"
  [[ -n "$a" ]] && printf '%s\n' "$TOOLS/$a"
}
stamp_ok() { # name version -> true if stamp + its artifact exist
  local art
  [[ -f "$STAMPS/$1-$2.ok" ]] || return 1
  art="$(stamp_artifact "$1" "$2")" || return 1
  [[ -x "$art" ]]
}
write_stamp() { # name version artifact [extra lines...]
  local name="$1" ver="$2" art="$3"; shift 3
  mkdir -p "$STAMPS"
  {
    echo "artifact=${art#"$TOOLS"/}"
    echo "version=$ver"
    echo "go=$GO_VERSION"
    echo "sha256=$(sha256sum "$art" | cut -d' ' -f1)"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    local l; for l in "$@"; do echo "$l"; done
  } >"$STAMPS/$name-$ver.ok.tmp"
  mv -f "$STAMPS/$name-$ver.ok.tmp" "$STAMPS/$name-$ver.ok"
}

WORK=""
cleanup() { if [[ -n "$WORK" && -d "$WORK" ]]; then chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"; fi; }
trap cleanup EXIT
workdir() {
  if [[ -z "$WORK" ]]; then WORK="$(mktemp -d "${TMPDIR:-/tmp}/wxa-provision.XXXXXX")"; fi
}

# json_field FIELD  (stdin: `go mod download -json` / `go list -m -json` output)
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" | head -n1 | sed 's/\\"/"/g; s/\\t/\t/g; s/\\n/ /g'; }

# fetch_module MODULE@REV -> prints the module's (read-only) source dir on stdout;
# on failure prints the proxy's error on stderr and returns 1.
fetch_module() {
  local out dir err
  out="$(cd "${WORK:-/tmp}" && "$GO_BIN" mod download -json "$1" 2>&1)" || true
  dir="$(json_field Dir <<<"$out")"
  err="$(json_field Error <<<"$out")"
  if [[ -n "$dir" && -d "$dir" && -z "$err" ]]; then printf '%s\n' "$dir"; return 0; fi
  [[ -n "$err" ]] || err="$(tail -n 3 <<<"$out" | tr '\n' ' ')"
  printf '%s\n' "$err" >&2
  return 1
}

# build_from_module MODULE@REV PKG OUT [extra go build args...]
# Download the module, copy it to a writable dir, build PKG there (honours the
# module's own go.mod incl. replace directives, which `go install` refuses).
build_from_module() {
  local modrev="$1" pkg="$2" out="$3"; shift 3
  workdir
  local src dst
  src="$(fetch_module "$modrev")" || return 1
  dst="$WORK/src-$(basename "$out")"
  rm -rf "$dst"; cp -R "$src" "$dst"; chmod -R u+w "$dst"
  log "building $modrev ($pkg) with $GO_VERSION ..."
  (cd "$dst" && "$GO_BIN" build -buildvcs=false -trimpath -ldflags "-s -w ${EXTRA_LDFLAGS:-}" "$@" -o "$out.tmp" "$pkg") || { rm -f "$out.tmp"; return 1; }
  mv -f "$out.tmp" "$out"
}

link_bin() { # target name
  ln -sfn "$(basename "$1")" "$BIN/$2"
}

# ---------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------
mirror_ok() { # provider-type version
  local h
  for h in "${MIRROR_HOSTS[@]}"; do
    [[ -x "$PROVIDERS/$h/hashicorp/$1/$2/$GOOS_GOARCH/terraform-provider-$1_v$2" ]] || return 1
  done
}
tofu_state() { # prints provisioned tofu version or nothing
  local v; for v in "${TOFU_CANDIDATES[@]}"; do if stamp_ok tofu-release "$v"; then echo "$v"; return 0; fi; done
}
terraform_state() { # "built" | "failed" | ""
  if stamp_ok terraform "$TERRAFORM_VERSION"; then echo built
  elif [[ -f "$STAMPS/terraform-$TERRAFORM_VERSION.failed" ]]; then echo failed
  fi
}

if [[ $CHECK_ONLY == 1 ]]; then
  platform
  ok=1
  [[ -n "$(tofu_state)" ]] || { log "check: OpenTofu not provisioned"; ok=0; }
  if ! stamp_ok http-src "$HTTP_VERSION" || ! mirror_ok http "$HTTP_VERSION"; then
    log "check: hashicorp/http $HTTP_VERSION provider not provisioned"; ok=0
  fi
  [[ -f "$CLI_CONFIG" ]] || { log "check: $CLI_CONFIG missing"; ok=0; }
  [[ -n "$(terraform_state)" ]] || { log "check: Terraform $TERRAFORM_VERSION neither built nor recorded as unbuildable"; ok=0; }
  if [[ $ok == 1 ]]; then log "check: everything provisioned in $TOOLS"; exit 0; fi
  exit 1
fi

# ---------------------------------------------------------------------------
# Provision
# ---------------------------------------------------------------------------
mkdir -p "$BIN" "$STAMPS" "$PROVIDERS"
# Serialise concurrent runs (e.g. parallel test workers).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS/.lock"
  flock 9
fi
platform

# --- OpenTofu ---------------------------------------------------------------
TOFU_VERSION="$(tofu_state)"
if [[ -z "$TOFU_VERSION" ]]; then
  go_init
  for v in "${TOFU_CANDIDATES[@]}"; do
    workdir
    need="$(cd "$WORK" && "$GO_BIN" list -m -f '{{.GoVersion}}' "$TOFU_MODULE@v$v" 2>/dev/null || true)"
    have="${GO_VERSION#go}"
    if [[ -n "$need" && "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n1)" != "$need" ]]; then
      log "OpenTofu $v needs go $need (have $have); trying an older one"
      continue
    fi
    out="$BIN/tofu-$v"
    # version.dev=no: report "1.12.6", as a release build does, not "1.12.6-dev".
    if EXTRA_LDFLAGS="-X $TOFU_MODULE/version.dev=no" build_from_module "$TOFU_MODULE@v$v" ./cmd/tofu "$out"; then
      write_stamp tofu-release "$v" "$out" "module=$TOFU_MODULE@v$v"
      TOFU_VERSION="$v"
      break
    fi
    log "OpenTofu $v failed to build; trying an older one"
  done
  [[ -n "$TOFU_VERSION" ]] || die "could not build any OpenTofu from: ${TOFU_CANDIDATES[*]}"
else
  log "OpenTofu $TOFU_VERSION already built"
fi
link_bin "$BIN/tofu-$TOFU_VERSION" tofu
TOFU_BIN="$BIN/tofu"

# --- hashicorp/http -----------------------------------------------------------
if stamp_ok http-src "$HTTP_VERSION"; then
  log "hashicorp/http $HTTP_VERSION already built"
else
  go_init; workdir
  mkdir -p "$TOOLS/provider-build"
  out="$TOOLS/provider-build/terraform-provider-http-$HTTP_VERSION"
  # v1.2.0 ships a vendor/ dir and no `go` directive: vendor mode is refused, use -mod=mod.
  build_from_module "$HTTP_MODULE@$HTTP_REV" . "$out" -mod=mod \
    || die "hashicorp/http $HTTP_VERSION ($HTTP_MODULE@$HTTP_REV) failed to build"
  write_stamp http-src "$HTTP_VERSION" "$out" "module=$HTTP_MODULE@$HTTP_REV"
fi
http_art="$(stamp_artifact http-src "$HTTP_VERSION")"
for h in "${MIRROR_HOSTS[@]}"; do
  d="$PROVIDERS/$h/hashicorp/http/$HTTP_VERSION/$GOOS_GOARCH"
  f="$d/terraform-provider-http_v$HTTP_VERSION"
  if [[ ! -x "$f" ]] || ! cmp -s "$http_art" "$f"; then
    mkdir -p "$d"
    cp -f "$http_art" "$f.tmp" && chmod 0755 "$f.tmp" && mv -f "$f.tmp" "$f"
  fi
done
# Drop what earlier versions of this script put in the mirror (hashicorp/external, published
# there under a relabelled version) and any other http version, so a constraint matches one build.
for h in "${MIRROR_HOSTS[@]}"; do
  rm -rf "$PROVIDERS/$h/hashicorp/external"
  for d in "$PROVIDERS/$h/hashicorp/http"/*/; do
    [[ -d "$d" ]] || continue
    [[ "$(basename "$d")" == "$HTTP_VERSION" ]] || rm -rf "$d"
  done
done
rm -f "$STAMPS"/external-src-*.ok "$TOOLS"/provider-build/terraform-provider-external-*

# --- CLI config ---------------------------------------------------------------
# Only the filesystem mirror, for hashicorp/* only, and no `direct {}` block: a
# provider not in the mirror fails at init instead of being fetched, so init can
# never go to the network. wxa-audit/wechat is not here: whoever needs it adds its
# own filesystem_mirror block (the e2e harness: a packed mirror of the release zips).
cli_tmp="$CLI_CONFIG.tmp"
cat >"$cli_tmp" <<EOF
# Generated by scripts/provision-tools.sh — local, offline provider installation.
provider_installation {
  filesystem_mirror {
    path    = "$PROVIDERS"
    include = ["registry.opentofu.org/hashicorp/*", "registry.terraform.io/hashicorp/*"]
  }
}
disable_checkpoint = true
EOF
if cmp -s "$cli_tmp" "$CLI_CONFIG" 2>/dev/null; then rm -f "$cli_tmp"; else mv -f "$cli_tmp" "$CLI_CONFIG"; fi

# --- Terraform 1.5.7 (optional) ------------------------------------------------
TERRAFORM_BIN=""
tf_state="$(terraform_state)"
if [[ "$tf_state" == failed && "${WXA_RETRY_TERRAFORM:-}" == 1 ]]; then tf_state=""; fi
# A failure recorded under another Go version is retried.
if [[ "$tf_state" == failed ]]; then
  go_init
  if [[ "$(sed -n 's/^go=//p' "$STAMPS/terraform-$TERRAFORM_VERSION.failed")" != "$GO_VERSION" ]]; then tf_state=""; fi
fi
case "$tf_state" in
  built)
    log "Terraform $TERRAFORM_VERSION already built"
    TERRAFORM_BIN="$BIN/terraform" ;;
  failed)
    log "Terraform $TERRAFORM_VERSION could not be built (recorded earlier, $GO_VERSION): $(sed -n 's/^error=//p' "$STAMPS/terraform-$TERRAFORM_VERSION.failed") — skipping (WXA_RETRY_TERRAFORM=1 to retry)" ;;
  *)
    go_init; workdir
    out="$BIN/terraform-$TERRAFORM_VERSION"
    tflog="$WORK/terraform-build.log"
    built=0
    log "building Terraform $TERRAFORM_VERSION with $GO_VERSION (go install) ..."
    mkdir -p "$WORK/gobin"
    if GOBIN="$WORK/gobin" "$GO_BIN" install -trimpath -ldflags "-s -w" "$TERRAFORM_MODULE@v$TERRAFORM_VERSION" >"$tflog" 2>&1; then
      mv -f "$WORK/gobin/terraform" "$out"; built=1
    elif grep -q 'linkname' "$tflog"; then
      log "retrying Terraform $TERRAFORM_VERSION with -checklinkname=0 ..."
      if GOBIN="$WORK/gobin" "$GO_BIN" install -trimpath -ldflags "-s -w -checklinkname=0" "$TERRAFORM_MODULE@v$TERRAFORM_VERSION" >"$tflog" 2>&1; then
        mv -f "$WORK/gobin/terraform" "$out"; built=1
      fi
    elif grep -qE 'replace directive|must not contain directives' "$tflog"; then
      if build_from_module "$TERRAFORM_MODULE@v$TERRAFORM_VERSION" . "$out" >>"$tflog" 2>&1; then built=1; fi
    fi
    if [[ $built == 1 ]]; then
      write_stamp terraform "$TERRAFORM_VERSION" "$out" "module=$TERRAFORM_MODULE@v$TERRAFORM_VERSION"
      rm -f "$STAMPS/terraform-$TERRAFORM_VERSION.failed"
      TERRAFORM_BIN="$BIN/terraform"
    else
      why="$(grep -v '^go: downloading' "$tflog" | grep -m 4 -E '\.go:[0-9]+|[Ee]rror|cannot|undefined|linkname|not defined|invalid|refus|must|requires' || true)"
      [[ -n "$why" ]] || why="$(grep -v '^go: downloading' "$tflog" | tail -n 5)"
      why="$(tr '\n\t' '  ' <<<"$why" | sed 's/  */ /g; s/ $//')"
      if grep -qE 'GOPROXY=off|reading https?://|dial tcp|no such host|i/o timeout|connection refused|TLS handshake' "$tflog"; then
        # A fetch problem, not a build problem: do not record it, retry next run.
        log "Terraform $TERRAFORM_VERSION could not be built (module download failed; will retry next run): $why — continuing without it"
      else
        { echo "go=$GO_VERSION"; echo "error=$why"; } >"$STAMPS/terraform-$TERRAFORM_VERSION.failed"
        log "Terraform $TERRAFORM_VERSION could not be built with $GO_VERSION: $why — continuing without it"
      fi
    fi ;;
esac
if [[ -n "$TERRAFORM_BIN" ]]; then link_bin "$BIN/terraform-$TERRAFORM_VERSION" terraform; else rm -f "$BIN/terraform"; fi

# --- Result --------------------------------------------------------------------
if [[ -n "$TERRAFORM_BIN" ]]; then tf_msg="$TERRAFORM_VERSION"; else tf_msg="not built"; fi
log "done: OpenTofu $TOFU_VERSION, Terraform $tf_msg, hashicorp/http $HTTP_VERSION, tools in $TOOLS"
echo "TOFU_BIN=$TOFU_BIN"
echo "TERRAFORM_BIN=$TERRAFORM_BIN"
echo "TF_CLI_CONFIG_FILE=$CLI_CONFIG"
echo "PROVIDERS_DIR=$PROVIDERS"
echo "HTTP_PROVIDER_VERSION=$HTTP_VERSION"

#!/usr/bin/env bash
# Idempotent development set-up for the Event Mesh Operator (called by `make run`/`make test`).
#
#   1. Debian packages: native libraries the Swift targets link against, and RabbitMQ.
#   2. A Python venv at .local/venv with the pinned tools of scripts/requirements.txt
#      (tansu, pulsar-lite, moto, client libraries).
#   3. .local/lib/librdkafka.so.1 -> the librdkafka 2.16 that ships in the confluent-kafka
#      wheel (Debian's 2.0.2 cannot talk to tansu; env.sh puts .local/lib first on
#      LD_LIBRARY_PATH).
#   4. A check that the Swift toolchain is reachable.
#
# A second run changes nothing and takes a few seconds. Nothing here starts a server.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$EVENTMESH_ROOT"

export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(libcurl4-openssl-dev libssl-dev librdkafka-dev librabbitmq-dev rabbitmq-server pkg-config)
# The Python that builds the venv: whatever `python3` is (pyenv on the project's machines).
PYTHON=${EVENTMESH_PYTHON:-python3}
REQ_STAMP="$VENV_DIR/.eventmesh-requirements.sha256"
# Filled in by the steps for the final summary line.
SUMMARY=()

# ---- 1. Debian packages ------------------------------------------------------------------

pkg_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true) == installed ]]
}

# Processes of the system RabbitMQ node (the Debian package runs it as user "rabbitmq").
system_rabbitmq_pids() {
    pgrep -u rabbitmq 2>/dev/null | tr '\n' ' ' || true
}

# Install the given packages without letting their maintainer scripts start services: there
# is no systemd here, and a system RabbitMQ node would take the ports our own node needs.
apt_install() {
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n# temporary, from eventmesh scripts/setup.sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        created_policy=1
        # Remove it again even if apt fails.
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    elif ! grep -q 'exit 101' "$policy"; then
        warn "$policy exists and may allow services to start; RabbitMQ could start a system node"
    fi

    say "    apt-get update"
    apt-get update -qq
    say "    apt-get install $*"
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null

    if ((created_policy)); then
        rm -f "$policy"
        trap - EXIT
    fi

    # Belt and braces: if a postinst still managed to start the system node, stop it (we
    # started it through this install, so it is ours to stop).
    local pids
    pids=$(system_rabbitmq_pids)
    if [[ -n ${pids// /} ]]; then
        say "    stopping the system RabbitMQ processes the install started: $pids"
        # shellcheck disable=SC2086 # a list of pids
        kill $pids 2>/dev/null || true
    fi
}

ensure_apt_packages() {
    step "Debian packages"
    local wanted=("${APT_PACKAGES[@]}") missing=() p
    # python3-venv only matters when the Python in use is Debian's, which splits out venv
    # and ensurepip; pyenv's Python has both built in.
    if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        wanted+=(python3-venv)
    fi
    for p in "${wanted[@]}"; do
        pkg_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]} == 0)); then
        say "    all present: ${wanted[*]}"
        SUMMARY+=("apt: ok")
    else
        say "    missing: ${missing[*]}"
        apt_install "${missing[@]}"
        SUMMARY+=("apt: installed ${missing[*]}")
    fi

    local pids
    pids=$(system_rabbitmq_pids)
    if [[ -n ${pids// /} ]]; then
        warn "a system RabbitMQ node is running (pids $pids); it will hold port 5672." \
            "Stop it before scripts/servers.sh up rabbitmq."
    fi
}

# ---- 2. Python venv ----------------------------------------------------------------------

venv_usable() {
    [[ -x $VENV_DIR/bin/python ]] && "$VENV_DIR/bin/python" -c 'import sys' >/dev/null 2>&1
}

ensure_venv() {
    step "Python venv ($VENV_DIR)"
    command -v "$PYTHON" >/dev/null || die "no '$PYTHON' on PATH (set EVENTMESH_PYTHON to a Python 3)"
    if ! venv_usable; then
        # A venv whose interpreter vanished (e.g. a pyenv version removed) is rebuilt whole.
        [[ -e $VENV_DIR ]] && say "    existing venv is broken; recreating it"
        rm -rf "$VENV_DIR"
        say "    creating with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
        "$PYTHON" -m venv "$VENV_DIR"
    fi

    # The stamp records the requirements file's hash: unchanged file -> no pip at all.
    local want have=""
    want=$(sha256sum "$REQUIREMENTS_FILE" | cut -d' ' -f1)
    [[ -f $REQ_STAMP ]] && have=$(<"$REQ_STAMP")
    if [[ $want == "$have" ]]; then
        say "    requirements unchanged (sha256 ${want:0:12}); skipping pip"
        SUMMARY+=("venv: up to date")
        return
    fi
    local t0
    t0=$(now_ms)
    say "    pip install -r scripts/requirements.txt"
    "$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        -r "$REQUIREMENTS_FILE"
    printf '%s\n' "$want" >"$REQ_STAMP"
    say "    installed in $(fmt_ms $(($(now_ms) - t0)))"
    SUMMARY+=("venv: installed")
}

# ---- 3. librdkafka 2.16 runtime ----------------------------------------------------------

# Point LINK at TARGET, touching nothing when it already does.
ensure_symlink() {
    local target=$1 link=$2
    if [[ -L $link && $(readlink "$link") == "$target" ]]; then
        return 1
    fi
    ln -sfn "$target" "$link"
}

ensure_librdkafka() {
    step "librdkafka runtime ($LOCAL_LIB_DIR)"
    local libs=()
    # The wheel's vendored copy has a hash in its name (auditwheel), so look it up.
    mapfile -t libs < <(compgen -G "$VENV_DIR/lib/python3*/site-packages/confluent_kafka.libs/librdkafka-*.so.1" || true)
    ((${#libs[@]} == 1)) ||
        die "expected one librdkafka in the confluent-kafka wheel, found ${#libs[@]}: ${libs[*]:-none}"

    mkdir -p "$LOCAL_LIB_DIR"
    # Relative links keep working if the checkout is moved along with its .local.
    local rel=${libs[0]#"$LOCAL_DIR/"} changed=0
    ensure_symlink "../$rel" "$LOCAL_LIB_DIR/librdkafka.so.1" && changed=1
    ensure_symlink "librdkafka.so.1" "$LOCAL_LIB_DIR/librdkafka.so" && changed=1
    ((changed)) && say "    linked librdkafka.so.1 -> ../$rel"

    # Load it the way a Swift binary would (by that path) and ask for its version.
    local version
    version=$("$VENV_DIR/bin/python" - "$LOCAL_LIB_DIR/librdkafka.so.1" <<'PY'
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.rd_kafka_version_str.restype = ctypes.c_char_p
print(lib.rd_kafka_version_str().decode())
PY
    ) || die "could not load $LOCAL_LIB_DIR/librdkafka.so.1"
    [[ $version == 2.16.* ]] || die "$LOCAL_LIB_DIR/librdkafka.so.1 reports version $version, expected 2.16.x"
    say "    .local/lib/librdkafka.so.1 loads, rd_kafka_version_str() = $version"
    SUMMARY+=("librdkafka: $version")
}

# ---- 4. Swift toolchain ------------------------------------------------------------------

check_swift() {
    step "Swift toolchain"
    local swift
    if swift=$(command -v swift); then
        say "    swift on PATH: $swift"
        SUMMARY+=("swift: ok")
    elif [[ -x $SWIFT_BIN_DIR/swift ]]; then
        say "    swift is NOT on PATH, but $SWIFT_BIN_DIR/swift exists (scripts/env.sh adds it)"
        SUMMARY+=("swift: via env.sh")
    else
        warn "swift not found: neither on PATH nor in $SWIFT_BIN_DIR. Install Swift 6.x" \
            "and put its usr/bin on PATH; builds will fail until then."
        SUMMARY+=("swift: MISSING")
    fi
}

main() {
    local t0
    t0=$(now_ms)
    mkdir -p "$LOCAL_DIR" "$LOG_DIR" "$RUN_DIR"
    ensure_apt_packages
    ensure_venv
    ensure_librdkafka
    check_swift
    local summary
    summary=$(printf '%s; ' "${SUMMARY[@]}")
    say "setup done in $(fmt_ms $(($(now_ms) - t0))): ${summary%; }"
}

# Run unless sourced (sourcing lets the functions be exercised one by one).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main "$@"
fi

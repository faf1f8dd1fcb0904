# shellcheck shell=bash
# Shared helpers for scripts/setup.sh and scripts/servers.sh. Source it, don't run it.
#
# Everything the scripts create lives under "$EVENTMESH_ROOT/.local" (git-ignored), so a
# checkout is self-contained and `rm -rf .local` is a full reset.

# Paths used by the scripts that source this file.
# shellcheck disable=SC2034
{
# The repository root, whatever the caller's working directory.
EVENTMESH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
LOCAL_DIR="$EVENTMESH_ROOT/.local"
VENV_DIR="$LOCAL_DIR/venv"
LOCAL_LIB_DIR="$LOCAL_DIR/lib"
LOG_DIR="$LOCAL_DIR/logs"
RUN_DIR="$LOCAL_DIR/run"
REQUIREMENTS_FILE="$EVENTMESH_ROOT/scripts/requirements.txt"
# Where the toolchain lives on the project's machines; added to PATH by env.sh.
SWIFT_BIN_DIR="/opt/swift/usr/bin"
}

# ---- output ------------------------------------------------------------------------------
# Plain text only: the scripts run from make and CI, often without a terminal.

say()  { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---- time --------------------------------------------------------------------------------
# Milliseconds since the epoch, from bash's own clock (no subprocess per poll).

now_ms() {
    local t=${EPOCHREALTIME/[.,]/}
    printf '%s' "$((t / 1000))"
}

# "1.23s" for a number of milliseconds.
fmt_ms() {
    printf '%d.%02ds' "$(($1 / 1000))" "$((($1 % 1000) / 10))"
}

# ---- ports -------------------------------------------------------------------------------

# True if something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The listeners on PORT (any address) as ss prints them, one per line; empty if none.
port_listeners() {
    ss -Htlnp "sport = :$1" 2>/dev/null || true
}

# The pids owning the listeners on PORT, space separated (needs root to see other users').
port_pids() {
    port_listeners "$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -un | tr '\n' ' ' | sed 's/ $//'
}

# "port 8000 held by python3 (pid 123) on 0.0.0.0:8000", for messages.
describe_port_owner() {
    local port=$1 listeners owners addrs
    listeners=$(port_listeners "$port")
    # ss prints users:(("python3",pid=123,fd=3),...) for each listener.
    owners=$(printf '%s\n' "$listeners" | grep -o '"[^"]*",pid=[0-9]*' |
        sed -E 's/"([^"]*)",pid=([0-9]+)/\1 (pid \2)/' | sort -u | paste -sd, - | sed 's/,/, /g')
    addrs=$(printf '%s\n' "$listeners" | awk 'NF {print $4}' | sort -u | paste -sd' ' -)
    printf 'port %s held by %s on %s' "$port" "${owners:-a process ss cannot name}" "${addrs:-?}"
}

# ---- processes ---------------------------------------------------------------------------

pid_alive() {
    [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null
}

# The process group of PID (empty if it is gone).
pid_pgid() {
    ps -o pgid= -p "$1" 2>/dev/null | tr -d ' '
}

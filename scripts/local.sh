#!/usr/bin/env bash
# eventmesh-local, the project's Kubernetes-API-compatible control plane, in the background.
#   scripts/local.sh up      build if needed, start, wait until /readyz answers, print KUBECONFIG
#   scripts/local.sh down    stop it (state in .local/cluster is kept; rm -rf it to start afresh)
#   scripts/local.sh status
# EVENTMESH_LOCAL_PORT (default 6443) moves it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=env.sh
. scripts/env.sh

port=${EVENTMESH_LOCAL_PORT:-6443}
pid_file=.local/run/eventmesh-local.pid
log_file=.local/logs/eventmesh-local.log
kubeconfig=$PWD/.local/kubeconfig
binary=.build/debug/eventmesh-local

running_pid() {
    [[ -f $pid_file ]] || return 1
    local pid
    pid=$(<"$pid_file")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && grep -q eventmesh-local "/proc/$pid/cmdline" 2>/dev/null || return 1
    echo "$pid"
}

ready() { kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null 2>&1; }

up() {
    mkdir -p .local/run .local/logs
    if pid=$(running_pid); then
        echo "eventmesh-local already running (pid $pid); reusing it"
    else
        if ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
            echo "ERROR: port $port is taken by another process: $(ss -ltnpH "sport = :$port" | head -1)" >&2
            exit 1
        fi
        swift build --product eventmesh-local
        rm -f "$kubeconfig"
        setsid "$binary" --state-dir .local/cluster --port "$port" --kubeconfig "$kubeconfig" \
            </dev/null >>"$log_file" 2>&1 &
        echo $! >"$pid_file"
    fi
    local deadline=$((SECONDS + 60))
    until [[ -f $kubeconfig ]] && ready; do
        if ! running_pid >/dev/null; then
            echo "ERROR: eventmesh-local exited; last lines of $log_file:" >&2
            tail -20 "$log_file" >&2
            exit 1
        fi
        if ((SECONDS > deadline)); then
            echo "ERROR: eventmesh-local not ready within 60s; see $log_file" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "eventmesh-local ready on https://127.0.0.1:$port"
    echo "export KUBECONFIG=$kubeconfig"
}

down() {
    local pid
    if ! pid=$(running_pid); then
        echo "eventmesh-local is not running"
        return 0
    fi
    kill -TERM "$pid"
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$pid_file"
    echo "eventmesh-local stopped"
}

case ${1:-} in
    up) up ;;
    down) down ;;
    status) if pid=$(running_pid); then echo "eventmesh-local running (pid $pid), KUBECONFIG=$kubeconfig"; else echo "eventmesh-local stopped"; exit 3; fi ;;
    *) echo "usage: scripts/local.sh up|down|status" >&2; exit 2 ;;
esac

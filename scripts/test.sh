#!/usr/bin/env bash
# `make test`: build, start the local servers, then run the Swift tests and the checks of the
# local servers. Servers this script started are stopped again at the end (set
# EVENTMESH_KEEP_SERVERS=1 to keep them); servers that were already running are left running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=env.sh
. scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

started_servers=0
if ! bash scripts/servers.sh status >/dev/null 2>&1; then
    started_servers=1
fi
stop_servers() {
    if ((started_servers)) && [[ ${EVENTMESH_KEEP_SERVERS:-0} != 1 ]]; then
        step "stopping the local servers this run started"
        bash scripts/servers.sh down || true
    fi
}
trap stop_servers EXIT

step "build (debug, with tests)"
swift build --build-tests

step "local servers"
bash scripts/servers.sh up

step "checks of the local servers (pytest)"
python -m pytest -q scripts/tests

step "Swift tests"
swift test --skip-build

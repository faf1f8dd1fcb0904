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
summary=""
finish() {
    if ((started_servers)) && [[ ${EVENTMESH_KEEP_SERVERS:-0} != 1 ]]; then
        step "stopping the local servers this run started"
        bash scripts/servers.sh down || true
    fi
    # The closing line comes last, after the servers' shutdown messages.
    if [[ -n $summary ]]; then echo "$summary"; fi
}
trap finish EXIT

step "build (debug, with tests)"
swift build --build-tests

step "local servers"
bash scripts/servers.sh up

step "checks of the local servers (pytest)"
mkdir -p .local/logs
set +e
python -m pytest -q scripts/tests 2>&1 | tee .local/logs/pytest.log
pytest_status=${PIPESTATUS[0]}

step "Swift tests"
swift test --skip-build 2>&1 | tee .local/logs/swift-test.log
swift_status=${PIPESTATUS[0]}
set -e

# One closing line for both runners (pytest's and Swift Testing's counts).
passed=$(( $(grep -oE '^[0-9]+ passed' .local/logs/pytest.log | grep -oE '[0-9]+' || echo 0) \
    + $(grep -oE 'Test run with [0-9]+ tests?' .local/logs/swift-test.log | grep -oE '[0-9]+' || echo 0) ))
if ((pytest_status != 0 || swift_status != 0)); then
    echo "tests: failures (pytest exit $pytest_status, swift test exit $swift_status); logs in .local/logs/" >&2
    summary="tests: $passed passed, 1 failed"
    exit 1
fi
summary="tests: $passed passed, 0 failed"

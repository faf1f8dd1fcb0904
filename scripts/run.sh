#!/usr/bin/env bash
# `make run`: everything that runs today, on the embedded local environment.
#   1. build the project (debug),
#   2. start the local servers (moto, tansu, RabbitMQ, pulsar-lite) and leave them running,
#   3. check that the committed CRDs match the Swift API types,
#   4. validate every sample manifest offline against the API (schema rules, cross-object rules),
#   5. start eventmesh-local (the local Kubernetes API), install the CRDs and apply the samples
#      with the real kubectl, and show them as `kubectl get` does,
#   6. show the servers' status.
# The operator itself arrives with the next milestones (README: Status).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=env.sh
. scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "build"
swift build --product eventmesh-api
swift build --product eventmesh-local

step "local servers"
bash scripts/servers.sh up

step "CRDs are up to date with the API types"
.build/debug/eventmesh-api crds --check
echo "crds/: $(ls crds | wc -l) CustomResourceDefinitions, up to date"

step "samples validate against the API"
.build/debug/eventmesh-api validate samples

step "eventmesh-local: the local Kubernetes API"
bash scripts/local.sh up
export KUBECONFIG=$PWD/.local/kubeconfig
kubectl apply -f crds/
kubectl wait --for=condition=Established crd --all --timeout=60s
kubectl apply -f samples/eventroute.yaml -f samples/dynamobinding-external.yaml
kubectl apply -k samples/coldchain
kubectl get eventmesh --all-namespaces

step "status"
bash scripts/servers.sh status
cat <<'TEXT'

eventmesh-local keeps running: export KUBECONFIG=$PWD/.local/kubeconfig, then kubectl as usual;
`make local-down` stops it (its state stays in .local/cluster).
The local servers keep running: `make servers-status`, `make servers-down`.
Validate your own manifests with: .build/debug/eventmesh-api validate FILE|DIR ...
TEXT

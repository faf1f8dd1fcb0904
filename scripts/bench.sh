#!/usr/bin/env bash
# `make bench`: release builds of the benchmarked programs, then each benchmark with its report
# written to bench/results/. Figures are only comparable within one run (each has its baseline).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scratch=.build/bench
mkdir -p bench/results
echo "bench: building eventmesh-local and eventmesh-bench (release) in $scratch"
swift build -c release --scratch-path "$scratch" --product eventmesh-local
swift build -c release --scratch-path "$scratch" --product eventmesh-bench
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
"$bin/eventmesh-bench" local --binary "$bin/eventmesh-local" --report bench/results/local-cluster.md
"$bin/eventmesh-bench" runtime --binary "$bin/eventmesh-local" --report bench/results/runtime.md
echo "bench: reports in bench/results/"

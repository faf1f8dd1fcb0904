# The Event Mesh Operator. `make run` and `make test` do every set-up step themselves.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Every recipe runs with the project's environment (venv, librdkafka 2.16 runtime, addresses).
ENV := . scripts/env.sh &&

.PHONY: help setup build test test-swift test-servers run crds check-crds bench \
        servers-up servers-down servers-status servers-restart local-up local-down clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: ## Install Debian and PyPI packages (idempotent; fast when nothing changed)
	@bash scripts/setup.sh

build: setup ## Build every Swift target (debug)
	@$(ENV) swift build --build-tests

test: setup ## Set up, start the local servers, run every test suite
	@bash scripts/test.sh

test-swift: ## Run only the Swift tests (no set-up)
	@$(ENV) swift test

test-servers: ## Run only the checks of the local servers (starts them if needed)
	@bash scripts/servers.sh up
	@$(ENV) python -m pytest -q scripts/tests

run: setup ## Set up, build, start the local servers, check the CRDs and validate the samples
	@bash scripts/run.sh

bench: setup ## Build in release mode and run the benchmarks; reports go to bench/results/
	@bash scripts/bench.sh

crds: ## Regenerate crds/*.yaml from the Swift API types
	@$(ENV) swift run eventmesh-api crds --output crds

check-crds: ## Fail when crds/ differs from what the Swift API types generate
	@$(ENV) swift run eventmesh-api crds --check

local-up: setup ## Start eventmesh-local (the local Kubernetes API) and write .local/kubeconfig
	@bash scripts/local.sh up

local-down: ## Stop eventmesh-local (its state in .local/cluster is kept)
	@bash scripts/local.sh down

servers-up: ## Start moto, tansu, RabbitMQ and pulsar-lite on 127.0.0.1 (reuses running ones)
	@bash scripts/servers.sh up

servers-down: ## Stop the local servers
	@bash scripts/servers.sh down

servers-status: ## Show the local servers' state
	@bash scripts/servers.sh status

servers-restart: ## Restart the local servers
	@bash scripts/servers.sh restart

clean: ## Remove build products (keeps .local: venv and server data)
	@rm -rf .build

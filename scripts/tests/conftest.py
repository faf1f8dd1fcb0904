"""Shared fixtures for the checks of the local servers (scripts/servers.sh).

Run with the project's environment, after the servers are up:

    bash scripts/servers.sh up && . scripts/env.sh && python -m pytest -q scripts/tests

Addresses come from the EVENTMESH_* variables of scripts/env.sh, never from literals, so a
server moved to another port is still the one being checked.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Tuple, Type, TypeVar
from urllib.parse import urlsplit

import pytest

T = TypeVar("T")

# How often wait_until asks again. Short: every check here is local and cheap.
POLL_INTERVAL_S = 0.05

# Prefix of every broker object the tests create, so a leftover is easy to recognise.
NAME_PREFIX = "emtest"


# ---- waiting on conditions -------------------------------------------------------------


def deadline_in(seconds: float) -> float:
    """An absolute deadline (time.monotonic() clock) `seconds` from now."""
    return time.monotonic() + seconds


def remaining(deadline: float) -> float:
    """Seconds left until `deadline` (never negative)."""
    return max(0.0, deadline - time.monotonic())


def wait_until(
    predicate: Callable[[], T],
    deadline: float,
    *,
    what: str = "condition",
    interval: float = POLL_INTERVAL_S,
    ignore: Tuple[Type[BaseException], ...] = (),
) -> T:
    """Call `predicate` until it returns something truthy, and return that value.

    `deadline` is absolute, on the time.monotonic() clock (see deadline_in), so several waits
    can share one budget. Exceptions of the types in `ignore` count as "not yet" (e.g. a
    connection refused while a server restarts); the last one is reported on timeout. The
    predicate is always called at least once, even with a deadline already passed.
    """
    last_value: object = None
    last_error: Optional[BaseException] = None
    while True:
        try:
            last_value = predicate()
            last_error = None
            if last_value:
                return last_value  # type: ignore[return-value]
        except ignore as error:  # noqa: PERF203 - a poll loop, not a hot path
            last_error = error
        if time.monotonic() >= deadline:
            detail = f"last error: {last_error!r}" if last_error else f"last value: {last_value!r}"
            raise AssertionError(f"timed out waiting for {what} ({detail})")
        time.sleep(min(interval, remaining(deadline)))


# ---- the environment of scripts/env.sh -----------------------------------------------


@dataclass(frozen=True)
class Addresses:
    """Where the local servers listen (from scripts/env.sh)."""

    root: Path
    kafka_bootstrap: str  # host:port
    amqp_url: str  # amqp://user:pass@host:port (no trailing slash: the vhost would be "")
    rabbitmq_management: str  # http://host:port
    rabbitmq_user: str
    rabbitmq_password: str
    rabbitmq_node: str  # the Erlang node name servers.sh gives our RabbitMQ
    pulsar_url: str  # pulsar://host:port
    dynamodb_endpoint: str  # http://host:port (moto; S3 on the same port)
    aws_region: str

    @property
    def servers_sh(self) -> Path:
        return self.root / "scripts" / "servers.sh"

    def server_ports(self) -> dict:
        """Every TCP port our servers listen on, by server (the same rules as servers.sh)."""
        amqp = port_of(self.amqp_url)
        return {
            "moto": [port_of(self.dynamodb_endpoint)],
            "kafka": [port_of("tcp://" + self.kafka_bootstrap)],
            # AMQP, management, and the Erlang distribution port (AMQP + 20000 by convention).
            "rabbitmq": [amqp, port_of(self.rabbitmq_management), amqp + 20000],
            "pulsar": [port_of(self.pulsar_url)],
            # Erlang's port mapper, fixed for every node on the machine.
            "epmd": [4369],
        }


def port_of(url: str) -> int:
    port = urlsplit(url).port
    if port is None:
        raise ValueError(f"no port in {url!r}")
    return port


REQUIRED_VARIABLES = (
    "EVENTMESH_ROOT",
    "EVENTMESH_KAFKA",
    "EVENTMESH_AMQP_URL",
    "EVENTMESH_RABBITMQ_MANAGEMENT",
    "EVENTMESH_RABBITMQ_USER",
    "EVENTMESH_RABBITMQ_PASSWORD",
    "EVENTMESH_PULSAR",
    "EVENTMESH_DYNAMODB_ENDPOINT",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
)


@pytest.fixture(scope="session")
def addrs() -> Addresses:
    missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name)]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not set: source scripts/env.sh first "
            "(`. scripts/env.sh && python -m pytest -q scripts/tests`)",
            pytrace=False,
        )
    env = os.environ
    return Addresses(
        root=Path(env["EVENTMESH_ROOT"]),
        kafka_bootstrap=env["EVENTMESH_KAFKA"],
        amqp_url=env["EVENTMESH_AMQP_URL"],
        rabbitmq_management=env["EVENTMESH_RABBITMQ_MANAGEMENT"].rstrip("/"),
        rabbitmq_user=env["EVENTMESH_RABBITMQ_USER"],
        rabbitmq_password=env["EVENTMESH_RABBITMQ_PASSWORD"],
        # servers.sh names the node eventmesh@localhost; overridable for a moved node.
        rabbitmq_node=env.get("EVENTMESH_RABBITMQ_NODENAME", "eventmesh@localhost"),
        pulsar_url=env["EVENTMESH_PULSAR"],
        dynamodb_endpoint=env["EVENTMESH_DYNAMODB_ENDPOINT"],
        aws_region=env["AWS_REGION"],
    )


# ---- names and the servers script ----------------------------------------------------


@pytest.fixture
def unique_name() -> Callable[[str], str]:
    """unique_name("orders") -> "emtest-orders-<12 hex>": fresh for every call.

    Only [a-z0-9-], so the result is a valid Kafka topic, RabbitMQ queue/exchange, Pulsar
    topic/subscription and DynamoDB table name alike.
    """

    def make(kind: str) -> str:
        return f"{NAME_PREFIX}-{kind}-{uuid.uuid4().hex[:12]}"

    return make


@pytest.fixture(scope="session")
def servers_sh(addrs: Addresses) -> Callable[..., subprocess.CompletedProcess]:
    """Run `bash scripts/servers.sh ARGS...` (with a deadline), output captured as text."""

    def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(addrs.servers_sh), *args],
            cwd=addrs.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture
def cleanup():
    """Register clean-up callbacks; all of them run at teardown (last first), even if some
    fail, and their errors are reported together afterwards."""
    actions: list = []
    yield lambda description, action: actions.append((description, action))
    errors = []
    for description, action in reversed(actions):
        try:
            action()
        except Exception as error:  # noqa: BLE001 - collect, then report all
            errors.append(f"{description}: {error!r}")
    if errors:
        pytest.fail("clean-up failed:\n  " + "\n  ".join(errors), pytrace=False)

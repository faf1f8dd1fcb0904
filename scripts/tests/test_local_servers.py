"""Integration checks of the local servers the project stands on (scripts/servers.sh).

Each test talks to one server with the same kind of client the operator relies on and
checks the behaviour the project depends on (see /work/shared/ENVIRONMENT.md for the facts
behind the expectations). Broker objects get unique names and are removed again; waits are
bounded by deadlines, never fixed sleeps.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote

import pytest

from conftest import Addresses, deadline_in, remaining, wait_until

SERVERS = ("moto", "kafka", "rabbitmq", "pulsar")

log = logging.getLogger(__name__)


# ==== the servers script and the listening sockets =====================================


def test_servers_status_lists_all_four_running(servers_sh):
    result = servers_sh("status", timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"servers.sh status exited {result.returncode}:\n{output}"
    states = {}
    for line in result.stdout.splitlines()[1:]:  # skip the header
        fields = line.split()
        if len(fields) >= 2:
            states[fields[0]] = fields[1]
    for name in SERVERS:
        assert states.get(name) == "running", f"{name} is {states.get(name, 'missing')}:\n{output}"


LOOPBACK_ADDRESSES = {"127.0.0.1", "[::1]"}


def listening_sockets() -> List[Tuple[str, int]]:
    """(address, port) of every listening TCP socket, from `ss -ltnH`."""
    result = subprocess.run(
        ["ss", "-ltnH"], capture_output=True, text=True, timeout=30, check=True
    )
    sockets = []
    for line in result.stdout.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        # State Recv-Q Send-Q Local-Address:Port Peer-Address:Port [Process]
        address, _, port = fields[3].rpartition(":")
        if port.isdigit():
            sockets.append((address, int(port)))
    return sockets


def test_servers_listen_on_loopback_only(addrs: Addresses):
    sockets = listening_sockets()
    problems = []
    for server, ports in addrs.server_ports().items():
        for port in ports:
            bound = sorted({address for address, p in sockets if p == port})
            if not bound:
                problems.append(f"{server}: nothing listens on port {port}")
            exposed = [address for address in bound if address not in LOOPBACK_ADDRESSES]
            if exposed:
                problems.append(f"{server}: port {port} is bound to {', '.join(exposed)}")
    assert not problems, "\n".join(problems)


# ==== moto: DynamoDB ====================================================================


@pytest.fixture
def dynamodb(addrs: Addresses):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "dynamodb",
        endpoint_url=addrs.dynamodb_endpoint,
        region_name=addrs.aws_region,
        config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2}),
    )


def dynamodb_error_code(error: Exception) -> Optional[str]:
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code")


def test_dynamodb_conditional_put_refuses_duplicate(dynamodb, unique_name, cleanup):
    from botocore.exceptions import ClientError

    table = unique_name("shipments")
    dynamodb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "status", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-status",
                "KeySchema": [
                    {"AttributeName": "status", "KeyType": "HASH"},
                    {"AttributeName": "pk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )

    def drop_table():
        try:
            dynamodb.delete_table(TableName=table)
        except ClientError as error:
            if dynamodb_error_code(error) != "ResourceNotFoundException":
                raise

    cleanup(f"delete table {table}", drop_table)

    description = wait_until(
        lambda: (d := dynamodb.describe_table(TableName=table)["Table"])["TableStatus"] == "ACTIVE"
        and d,
        deadline_in(30),
        what=f"table {table} to become ACTIVE",
    )
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    indexes = {index["IndexName"]: index for index in description["GlobalSecondaryIndexes"]}
    assert set(indexes) == {"by-status"}
    assert [k["AttributeName"] for k in indexes["by-status"]["KeySchema"]] == ["status", "pk"]

    item = {"pk": {"S": "shipment-1"}, "status": {"S": "in-transit"}, "tempC": {"N": "4.5"}}
    dynamodb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(pk)")

    duplicate = dict(item, status={"S": "delivered"}, tempC={"N": "9"})
    with pytest.raises(ClientError) as refused:
        dynamodb.put_item(
            TableName=table, Item=duplicate, ConditionExpression="attribute_not_exists(pk)"
        )
    assert dynamodb_error_code(refused.value) == "ConditionalCheckFailedException"
    assert isinstance(refused.value, dynamodb.exceptions.ConditionalCheckFailedException)

    # The refused write changed nothing, and the GSI sees the original item.
    stored = dynamodb.get_item(TableName=table, Key={"pk": item["pk"]}, ConsistentRead=True)
    assert stored["Item"] == item
    by_status = dynamodb.query(
        TableName=table,
        IndexName="by-status",
        KeyConditionExpression="#s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "in-transit"}},
    )
    assert [found["pk"]["S"] for found in by_status["Items"]] == ["shipment-1"]

    dynamodb.delete_table(TableName=table)

    def table_gone() -> bool:
        try:
            dynamodb.describe_table(TableName=table)
        except ClientError as error:
            if dynamodb_error_code(error) == "ResourceNotFoundException":
                return True
            raise
        return False

    wait_until(table_gone, deadline_in(30), what=f"table {table} to be deleted")
    assert table not in dynamodb.list_tables()["TableNames"]


# ==== RabbitMQ ==========================================================================


def management_request(
    addrs: Addresses, method: str, path: str, password: Optional[str] = None
) -> Tuple[int, object]:
    """(status, decoded JSON body or None) of a management API call, errors included."""
    secret = addrs.rabbitmq_password if password is None else password
    credentials = f"{addrs.rabbitmq_user}:{secret}"
    request = urllib.request.Request(
        addrs.rabbitmq_management + path,
        method=method,
        headers={
            "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode(errors="replace")
    return status, body


def test_rabbitmq_management_overview_reports_our_node(addrs: Addresses):
    status, overview = management_request(addrs, "GET", "/api/overview")
    assert status == 200, overview
    assert overview["rabbitmq_version"].startswith("3.10."), overview["rabbitmq_version"]
    assert overview["node"] == addrs.rabbitmq_node
    # The node's AMQP listener is the one the tests use, on loopback.
    amqp = [l for l in overview["listeners"] if l["protocol"] == "amqp"]
    assert [(l["ip_address"], l["port"]) for l in amqp] == [
        ("127.0.0.1", pika_parameters(addrs).port)
    ]


def test_rabbitmq_management_rejects_wrong_password(addrs: Addresses):
    wrong = addrs.rabbitmq_password + "-wrong-" + uuid.uuid4().hex[:6]
    status, body = management_request(addrs, "GET", "/api/overview", password=wrong)
    assert status == 401, body


def pika_parameters(addrs: Addresses):
    import pika

    parameters = pika.URLParameters(addrs.amqp_url)
    parameters.socket_timeout = 10
    parameters.blocked_connection_timeout = 30
    parameters.connection_attempts = 3
    return parameters


@pytest.fixture
def amqp(addrs: Addresses):
    import pika

    connection = pika.BlockingConnection(pika_parameters(addrs))
    yield connection
    if connection.is_open:
        connection.close()


def delete_via_management(addrs: Addresses, kind: str, name: str) -> None:
    vhost = quote(pika_parameters(addrs).virtual_host, safe="")
    path = f"/api/{kind}/{vhost}/{quote(name, safe='')}"
    status, body = management_request(addrs, "DELETE", path)
    assert status in (204, 404), f"DELETE {kind} {name}: {status} {body}"


def test_rabbitmq_quorum_queue_with_dead_letter_exchange(addrs, amqp, unique_name, cleanup):
    import pika
    from pika.exceptions import ChannelClosedByBroker

    queue, dead_letters, dlx = unique_name("readings"), unique_name("dead"), unique_name("dlx")
    # Removed through the management API, which works whatever state a channel is in.
    for kind, name in (("exchanges", dlx), ("queues", dead_letters), ("queues", queue)):
        cleanup(f"delete {kind} {name}", lambda k=kind, n=name: delete_via_management(addrs, k, n))

    channel = amqp.channel()
    channel.exchange_declare(dlx, exchange_type="fanout", durable=True)
    channel.queue_declare(dead_letters, durable=True)
    channel.queue_bind(dead_letters, dlx)
    arguments = {"x-queue-type": "quorum", "x-dead-letter-exchange": dlx}
    declared = channel.queue_declare(queue, durable=True, arguments=arguments)
    assert declared.method.queue == queue

    vhost = quote(pika_parameters(addrs).virtual_host, safe="")
    status, info = management_request(addrs, "GET", f"/api/queues/{vhost}/{queue}")
    assert status == 200, info
    assert info["type"] == "quorum"
    assert info["arguments"]["x-dead-letter-exchange"] == dlx

    # Publisher confirms: basic_publish returns only once the broker has confirmed (a nack
    # or an unroutable mandatory message raises).
    channel.confirm_delivery()
    headers = {"trace-id": uuid.uuid4().hex, "site": "warehouse-7", "attempt": 1}
    body = json.dumps({"sensor": "t-17", "tempC": 4.2}).encode()
    channel.basic_publish(
        exchange="",
        routing_key=queue,
        body=body,
        properties=pika.BasicProperties(
            delivery_mode=pika.DeliveryMode.Persistent,
            content_type="application/json",
            headers=headers,
        ),
        mandatory=True,
    )

    def get_one(name: str):
        method, properties, payload = channel.basic_get(name, auto_ack=False)
        return (method, properties, payload) if method else None

    method, properties, payload = wait_until(
        lambda: get_one(queue), deadline_in(15), what=f"a message in {queue}"
    )
    assert payload == body
    # Quorum queues add their own x-delivery-count; everything we sent is there unchanged.
    assert {k: v for k, v in properties.headers.items() if k != "x-delivery-count"} == headers
    assert properties.headers.get("x-delivery-count") == 0
    assert properties.delivery_mode == pika.DeliveryMode.Persistent.value
    assert properties.content_type == "application/json"

    # The dead-letter exchange is live: a rejected message lands in the queue bound to it.
    channel.basic_reject(method.delivery_tag, requeue=False)
    method, properties, payload = wait_until(
        lambda: get_one(dead_letters), deadline_in(15), what=f"a dead letter in {dead_letters}"
    )
    channel.basic_ack(method.delivery_tag)
    assert payload == body
    assert {k: properties.headers[k] for k in headers} == headers
    deaths = properties.headers["x-death"]
    assert deaths[0]["queue"] == queue and deaths[0]["reason"] == "rejected", deaths

    # Declaring the same queue with another argument is refused and closes the channel.
    with pytest.raises(ChannelClosedByBroker) as refused:
        other = dict(arguments, **{"x-dead-letter-exchange": dlx + "-other"})
        channel.queue_declare(queue, durable=True, arguments=other)
    assert refused.value.reply_code == 406
    assert "PRECONDITION_FAILED" in refused.value.reply_text
    assert "x-dead-letter-exchange" in refused.value.reply_text
    assert not channel.is_open

    channel = amqp.channel()
    channel.queue_delete(queue)
    channel.queue_delete(dead_letters)
    channel.exchange_delete(dlx)
    # A passive declare of the deleted queue: 404, which closes that channel.
    with pytest.raises(ChannelClosedByBroker) as missing:
        channel.queue_declare(queue, passive=True)
    assert missing.value.reply_code == 404


# ==== pulsar-lite =======================================================================


@pytest.fixture
def pulsar_client(addrs: Addresses):
    import pulsar

    client = pulsar.Client(
        addrs.pulsar_url,
        operation_timeout_seconds=15,
        connection_timeout_ms=5000,
        logger=pulsar.ConsoleLogger(pulsar.LoggerLevel.Warn),
    )
    yield client
    client.close()


def test_pulsar_shared_subscription_keeps_properties(pulsar_client, unique_name, cleanup):
    import pulsar

    # No admin API in pulsar-lite: the topic cannot be deleted, but the subscription can.
    topic = f"persistent://public/default/{unique_name('pallets')}"
    subscription = unique_name("sub")

    def subscribe():
        return pulsar_client.subscribe(
            topic,
            subscription,
            consumer_type=pulsar.ConsumerType.Shared,
            initial_position=pulsar.InitialPosition.Earliest,
        )

    consumer = subscribe()
    subscribed = [True]

    def drop_subscription():
        if subscribed[0]:
            subscribe().unsubscribe()

    cleanup(f"unsubscribe {subscription}", drop_subscription)
    producer = pulsar_client.create_producer(topic, send_timeout_millis=10_000)
    cleanup(f"close producer on {topic}", producer.close)

    sent: Dict[bytes, Dict[str, str]] = {}
    for i in range(3):
        data = json.dumps({"pallet": i, "tempC": 3 + i}).encode()
        properties = {"trace-id": uuid.uuid4().hex, "site": "dock-2", "seq": str(i)}
        producer.send(data, properties=properties, partition_key=f"pallet-{i}")
        sent[data] = properties

    received: Dict[bytes, Dict[str, str]] = {}
    deadline = deadline_in(20)
    while len(received) < len(sent):
        timeout_ms = max(1, int(remaining(deadline) * 1000))
        try:
            message = consumer.receive(timeout_millis=timeout_ms)
        except pulsar.Timeout:
            pytest.fail(f"received {len(received)} of {len(sent)} messages before the deadline")
        assert message.topic_name() == topic
        received[message.data()] = message.properties()
        consumer.acknowledge(message)
    assert received == sent

    # The acks took: the same subscription, reopened, has nothing left to deliver.
    consumer.close()
    consumer = subscribe()
    with pytest.raises(pulsar.Timeout):
        redelivered = consumer.receive(timeout_millis=1000)
        pytest.fail(f"acknowledged message delivered again: {redelivered.data()!r}")
    consumer.unsubscribe()
    subscribed[0] = False


# ==== Kafka (tansu) =====================================================================

# librdkafka's default (45 s) makes the first group join take ~23 s against tansu.
KAFKA_SESSION_TIMEOUT_MS = 6000
PARTITIONS = 3


def kafka_consumer(addrs: Addresses, group: str):
    from confluent_kafka import Consumer

    return Consumer(
        {
            "bootstrap.servers": addrs.kafka_bootstrap,
            "group.id": group,
            "session.timeout.ms": KAFKA_SESSION_TIMEOUT_MS,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )


def produce(addrs: Addresses, topic: str, records: List[dict]) -> None:
    """Send RECORDS (dicts with partition, key, value, headers) through an idempotent
    producer with acks=all; every delivery must succeed."""
    from confluent_kafka import Producer

    producer = Producer(
        {
            "bootstrap.servers": addrs.kafka_bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": 5,
        }
    )
    reports = []
    for record in records:
        producer.produce(
            topic,
            value=record["value"],
            key=record["key"],
            headers=record["headers"],
            partition=record["partition"],
            on_delivery=lambda error, message: reports.append((error, message)),
        )
    left = producer.flush(30)
    assert left == 0, f"{left} records still undelivered after 30 s"
    errors = [str(error) for error, _ in reports if error is not None]
    assert not errors and len(reports) == len(records), errors


def consume(consumer, expected: int, deadline: float) -> list:
    """Poll until EXPECTED records arrived (failing at DEADLINE); then keep polling for a
    short quiet period, so any extra (duplicate) record is caught too."""
    from confluent_kafka import KafkaError

    messages = []

    def poll_once(timeout: float) -> None:
        message = consumer.poll(timeout)
        if message is None:
            return
        if message.error():
            if message.error().code() == KafkaError._PARTITION_EOF:
                return
            raise AssertionError(f"consumer error: {message.error()}")
        messages.append(message)

    while len(messages) < expected:
        if remaining(deadline) <= 0:
            raise AssertionError(f"got {len(messages)} of {expected} records before the deadline")
        poll_once(min(1.0, remaining(deadline)))
    quiet = deadline_in(1.0)
    while remaining(quiet) > 0:
        poll_once(remaining(quiet))
    return messages


def close_consumer(consumer) -> None:
    """Close CONSUMER (leaving its group); a second close is a no-op."""
    try:
        consumer.close()
    except RuntimeError:  # "Consumer closed"
        pass


def record_id(message) -> str:
    return json.loads(message.value())["id"]


def make_records(run: str, batch: str, per_partition: int) -> List[dict]:
    records = []
    for partition in range(PARTITIONS):
        for n in range(per_partition):
            record_id_ = f"{run}-{batch}-{partition}-{n}"
            records.append(
                {
                    "partition": partition,
                    "key": f"sensor-{partition}-{n}".encode(),
                    "value": json.dumps({"id": record_id_, "tempC": 2.5 + n}).encode(),
                    # A repeated header name and an empty value must survive as well.
                    "headers": [
                        ("trace-id", uuid.uuid4().hex.encode()),
                        ("content-type", b"application/json"),
                        ("tag", b"cold"),
                        ("tag", b"chain"),
                        ("empty", b""),
                    ],
                    "id": record_id_,
                }
            )
    return records


def check_records(messages: list, records: List[dict]) -> None:
    """MESSAGES are exactly RECORDS (no more, no fewer, no repeats), keys, partitions and
    headers intact."""
    by_id = {record["id"]: record for record in records}
    ids = [record_id(message) for message in messages]
    assert sorted(ids) == sorted(by_id), f"received {sorted(ids)}, expected {sorted(by_id)}"
    for message in messages:
        record = by_id[record_id(message)]
        assert message.partition() == record["partition"]
        assert message.key() == record["key"]
        assert message.headers() == record["headers"]


def committed_offsets(consumer, topic: str) -> Dict[int, int]:
    from confluent_kafka import TopicPartition

    wanted = [TopicPartition(topic, p) for p in range(PARTITIONS)]
    partitions = consumer.committed(wanted, timeout=15)
    assert all(tp.error is None for tp in partitions), partitions
    return {tp.partition: tp.offset for tp in partitions}


def test_kafka_topic_group_offsets_survive_broker_restart(addrs, servers_sh, unique_name, cleanup):
    from confluent_kafka import KafkaException, TopicCollection
    from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic, ResourceType

    topic = unique_name("telemetry")
    group, fresh_group = unique_name("group"), unique_name("fresh")
    run = uuid.uuid4().hex[:8]
    started = time.monotonic()

    def phase(what: str) -> None:
        # Shown with the output of a failing test (or with -o log_cli=true).
        log.info("kafka: %s after %.2fs", what, time.monotonic() - started)

    def admin_client():
        return AdminClient({"bootstrap.servers": addrs.kafka_bootstrap})

    def drop_kafka_objects():
        # Best effort for groups (a failed test may leave members behind), strict for the topic.
        admin = admin_client()
        groups = admin.delete_consumer_groups([group, fresh_group], request_timeout=15)
        for future in groups.values():
            try:
                future.result(timeout=20)
            except KafkaException:
                pass
        if topic in admin.list_topics(timeout=15).topics:
            for future in admin.delete_topics([topic], operation_timeout=15).values():
                future.result(timeout=20)

    cleanup(f"delete topic {topic} and groups", drop_kafka_objects)

    # ---- topic: 3 partitions and explicit configs, then describe it --------------------
    admin = admin_client()
    configs = {"retention.ms": "3600000", "cleanup.policy": "delete"}
    futures = admin.create_topics(
        [NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1, config=configs)],
        operation_timeout=15,
        request_timeout=15,
    )
    futures[topic].result(timeout=20)

    def describe_topic():
        futures = admin.describe_topics(TopicCollection([topic]), request_timeout=15)
        return futures[topic].result(timeout=20)

    description = wait_until(
        describe_topic, deadline_in(20), what=f"{topic} to be described", ignore=(KafkaException,)
    )
    assert description.name == topic
    assert sorted(p.id for p in description.partitions) == list(range(PARTITIONS))
    assert all(p.leader is not None for p in description.partitions)

    def topic_configs() -> Dict[str, str]:
        resource = ConfigResource(ResourceType.TOPIC, topic)
        futures = admin.describe_configs([resource], request_timeout=15)
        entries = futures[resource].result(timeout=20)
        return {name: entry.value for name, entry in entries.items()}

    # tansu returns only the explicitly set keys; real Kafka adds every default.
    assert {k: v for k, v in topic_configs().items() if k in configs} == configs
    phase("topic created and described")

    # ---- produce batch A and read it in a group; commit --------------------------------
    batch_a = make_records(run, "a", per_partition=2)
    produce(addrs, topic, batch_a)
    phase("batch A produced")

    consumer = kafka_consumer(addrs, group)
    cleanup("close the first consumer", lambda: close_consumer(consumer))
    consumer.subscribe([topic])
    check_records(consume(consumer, len(batch_a), deadline_in(60)), batch_a)
    consumer.commit(asynchronous=False)
    assert committed_offsets(consumer, topic) == {p: 2 for p in range(PARTITIONS)}
    consumer.close()
    phase("batch A read by the group and committed")

    # Batch B1 goes in before the restart and is not consumed: it must survive unread.
    batch_b1 = make_records(run, "b1", per_partition=1)
    produce(addrs, topic, batch_b1)
    phase("batch B1 produced")

    # ---- restart the broker (storage in moto's S3) -------------------------------------
    # The admin client stays connected through the restart and must reconnect by itself.
    # (An open client connection makes tansu take ~5 s to stop on TERM: it drains
    # connections first; without any, it stops in milliseconds.)
    restart = servers_sh("restart", "kafka", timeout=120)
    assert restart.returncode == 0, restart.stdout + restart.stderr
    phase("broker restarted")
    log.info("servers.sh restart kafka:\n%s", restart.stdout.rstrip())

    wait_until(
        lambda: len(describe_topic().partitions) == PARTITIONS,
        deadline_in(30),
        what=f"{topic} after the restart",
        ignore=(KafkaException,),
    )
    assert {k: v for k, v in topic_configs().items() if k in configs} == configs
    phase("topic described after the restart")

    # Batch B2 after the restart: the restarted broker takes new writes too.
    batch_b2 = make_records(run, "b2", per_partition=1)
    produce(addrs, topic, batch_b2)
    phase("batch B2 produced")

    # ---- the same group resumes after its committed offsets: B1 and B2, nothing of A ---
    resumed = kafka_consumer(addrs, group)
    cleanup("close the resumed consumer", lambda: close_consumer(resumed))
    assert committed_offsets(resumed, topic) == {p: 2 for p in range(PARTITIONS)}
    resumed.subscribe([topic])
    messages = consume(resumed, len(batch_b1) + len(batch_b2), deadline_in(60))
    check_records(messages, batch_b1 + batch_b2)
    # Each partition resumes right after its committed offset: 2 (B1) and 3 (B2).
    assert sorted((m.partition(), m.offset()) for m in messages) == [
        (p, offset) for p in range(PARTITIONS) for offset in (2, 3)
    ]
    resumed.commit(asynchronous=False)
    assert committed_offsets(resumed, topic) == {p: 4 for p in range(PARTITIONS)}
    resumed.close()
    phase("same group resumed after the restart")

    # ---- a fresh group reads everything, the pre-restart records included --------------
    fresh = kafka_consumer(addrs, fresh_group)
    cleanup("close the fresh-group consumer", lambda: close_consumer(fresh))
    fresh.subscribe([topic])
    everything = batch_a + batch_b1 + batch_b2
    check_records(consume(fresh, len(everything), deadline_in(60)), everything)
    fresh.close()
    phase("fresh group read everything")

    # ---- delete the groups and the topic -----------------------------------------------
    for future in admin.delete_consumer_groups([group, fresh_group], request_timeout=15).values():
        future.result(timeout=20)
    admin.delete_topics([topic], operation_timeout=15)[topic].result(timeout=20)
    wait_until(
        lambda: topic not in admin.list_topics(timeout=10).topics,
        deadline_in(20),
        what=f"{topic} to disappear from the metadata",
    )

"""An analyst's consumer: reads every record of the given topics from the beginning with confluent-kafka and checks
it as a data team would, knowing only the published contract (docs/analytics.md):

- the CloudEvents 1.0 headers of the Kafka binding, binary mode (and ce_partitionkey, when present, is the key);
- the value against the JSON Schema its own ce_dataschema names, resolved to a file in the repository;
- on the analytics twins, that no personal value the caller names appears anywhere in the record.

Writes a JSON report (see `report` below) and exits 0 whatever it found: the caller asserts on the report.
Usage: consumeTopics.py --brokers HOST:PORT --prefix RUN. --schemas DIR --base-uri URI --report FILE
                        [--personal-values FILE]
"""

import argparse
import json
import re
import sys
import uuid
from collections import Counter
from pathlib import Path

from confluent_kafka import Consumer, KafkaException, TopicPartition
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

TYPE = re.compile(r"^org\.carebridge\.(.+)\.v([1-9][0-9]*)$")
SEQUENCE = re.compile(r"^[0-9]{20}$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
REQUIRED = ["ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject", "ce_sequence",
            "ce_dataschema", "content-type"]


def load_schemas(schemas_dir: Path) -> Registry:
    """Every published schema, by its $id: relative $refs (the shared sealed value) resolve against it."""
    resources = []
    for path in sorted(schemas_dir.rglob("*.json")):
        schema = json.loads(path.read_text("utf-8"))
        if "$id" in schema:
            resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def kind_of(topic: str) -> str:
    if topic.startswith("analytics."):
        return "analytics"
    return "dlq" if topic.endswith(".dlq") else "domain"


def header_problems(headers: dict, key: str | None, kind: str) -> list[str]:
    problems = [f"{name}: missing" for name in REQUIRED if not headers.get(name)]
    if headers.get("ce_specversion", "1.0") != "1.0":
        problems.append(f"ce_specversion: {headers['ce_specversion']} is not 1.0")
    if "ce_type" in headers and not TYPE.match(headers["ce_type"]):
        problems.append(f"ce_type: {headers['ce_type']} is not org.carebridge.<type>.v<n>")
    if "ce_source" in headers and not headers["ce_source"].startswith("/"):
        problems.append(f"ce_source: {headers['ce_source']} is not a /path")
    if "ce_time" in headers and not TIME.match(headers["ce_time"]):
        problems.append(f"ce_time: {headers['ce_time']} is not an RFC 3339 time")
    if "ce_sequence" in headers and not SEQUENCE.match(headers["ce_sequence"]):
        problems.append(f"ce_sequence: {headers['ce_sequence']} is not 20 digits")
    if "content-type" in headers and not headers["content-type"].startswith("application/json"):
        problems.append(f"content-type: {headers['content-type']} is not application/json")
    if "traceparent" in headers and not TRACEPARENT.match(headers["traceparent"]):
        problems.append(f"traceparent: {headers['traceparent']} is not a W3C traceparent")
    # Partitioning extension: the key is ce_partitionkey when present, else the subject.
    expected_key = headers.get("ce_partitionkey") or headers.get("ce_subject")
    if key != expected_key:
        via = "ce_partitionkey" if "ce_partitionkey" in headers else "ce_subject (no ce_partitionkey)"
        problems.append(f"key: {key!r} is not {via} {expected_key!r}")
    schema = headers.get("ce_dataschema", "")
    if kind == "analytics" and schema and not schema.endswith(".analytics.json"):
        problems.append(f"ce_dataschema: {schema} on an analytics topic is not an analytics schema")
    if kind != "analytics" and schema.endswith(".analytics.json"):
        problems.append(f"ce_dataschema: {schema} on a {kind} topic is an analytics schema")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--prefix", default="", help="topic name prefix of the run (e.g. suite-1234.)")
    parser.add_argument("--schemas", required=True, type=Path)
    parser.add_argument("--base-uri", required=True)
    parser.add_argument("--report", required=True, type=Path)
    parser.add_argument("--personal-values", type=Path)
    args = parser.parse_args()

    registry = load_schemas(args.schemas)
    validators: dict[str, Draft202012Validator] = {}
    personal = json.loads(args.personal_values.read_text("utf-8")) if args.personal_values else []

    consumer = Consumer({
        "bootstrap.servers": args.brokers,
        "group.id": f"analyst-{uuid.uuid4()}",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    topics = sorted(t for t in consumer.list_topics(timeout=30).topics if t.startswith(args.prefix))
    # Read every partition from its first record up to the end it has now.
    ends: dict[tuple[str, int], int] = {}
    assignment = []
    for topic in topics:
        for partition in consumer.list_topics(topic, timeout=30).topics[topic].partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=30)
            if high > low:
                ends[(topic, partition)] = high
                assignment.append(TopicPartition(topic, partition, low))
    consumer.assign(assignment)

    report = {"topics": len(topics), "records": 0, "byKind": Counter(), "typesSeen": Counter(),
              "failures": [], "personalLeaks": []}
    idle = 0
    while ends and idle < 60:
        msg = consumer.poll(1.0)
        if msg is None:
            idle += 1
            continue
        idle = 0
        if msg.error():
            raise KafkaException(msg.error())
        at = (msg.topic(), msg.partition())
        if msg.offset() + 1 >= ends.get(at, 0):
            ends.pop(at, None)
        topic = msg.topic()[len(args.prefix):]
        kind = kind_of(topic)
        headers = {k: v.decode("utf-8") for k, v in (msg.headers() or [])}
        key = msg.key().decode("utf-8") if msg.key() is not None else None
        report["records"] += 1
        report["byKind"][kind] += 1
        where = {"topic": topic, "partition": msg.partition(), "offset": msg.offset(),
                 "ce_id": headers.get("ce_id"), "ce_type": headers.get("ce_type")}
        problems = header_problems(headers, key, kind)
        if kind == "domain" and "ce_type" in headers:
            report["typesSeen"][headers["ce_type"]] += 1
        try:
            value = json.loads(msg.value())
        except (TypeError, ValueError):
            problems.append("value: is not JSON")
            value = None
        uri = headers.get("ce_dataschema", "")
        if value is not None and uri:
            if not uri.startswith(args.base_uri) or not (args.schemas / uri[len(args.base_uri):]).is_file():
                problems.append(f"ce_dataschema: {uri} names no file in the repository")
            else:
                if uri not in validators:
                    schema = registry.contents(uri)
                    validators[uri] = Draft202012Validator(
                        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
                    if schema.get("x-cloudevents-type") != headers.get("ce_type"):
                        problems.append(f"ce_dataschema: {uri} is the schema of {schema.get('x-cloudevents-type')}")
                for error in validators[uri].iter_errors(value):
                    problems.append(f"value{''.join(f'/{p}' for p in error.absolute_path)}: {error.message}")
        if kind == "analytics":
            text = json.dumps({"key": key, "headers": headers}, ensure_ascii=False) + msg.value().decode("utf-8")
            leaked = sorted(v for v in personal if v in text)
            if leaked:
                report["personalLeaks"].append({**where, "values": leaked})
        if problems:
            report["failures"].append({**where, "problems": problems})
    consumer.close()
    report["unread"] = [f"{t}/{p}" for t, p in ends]
    report["byKind"] = dict(report["byKind"])
    report["typesSeen"] = dict(sorted(report["typesSeen"].items()))
    args.report.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    print(f"analyst: {report['records']} records on {report['topics']} topics, {len(report['failures'])} failing, "
          f"{len(report['personalLeaks'])} with personal data on analytics topics", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

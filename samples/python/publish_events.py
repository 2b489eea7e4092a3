#!/usr/bin/python3
"""Publish MlEvents lifecycle events from Python with confluent-kafka and schemas/MlEvent.avsc.

The recipe of docs/PUBLISHING.md. It needs only confluent-kafka (the producer) and avro (the encoder), e.g. Debian's
python3-confluent-kafka and python3-avro; no fastavro, no confluent_kafka.schema_registry serializer:

* the schema is registered over the Schema Registry REST API (subject "<topic>-value", the TopicNameStrategy the worker
  and the C# client use), which answers with its id;
* each event is written as Confluent wire format: byte 0, the 4-byte big-endian schema id, then the Avro binary body;
* each event is keyed like the C# client (EventKeys): run:<platform>:<runId>, model:<platform>:<modelName>, ...

Events are dicts in the JSON form of docs/EVENTS.md (envelope fields, "type", "payload").

Tracing: events carry a W3C `traceparent` header (and `tracestate`) when one is given: --traceparent, or the
TRACEPARENT / TRACESTATE environment variables a traced parent process hands down. The worker continues that trace into
the MCPs it writes. Inside a job instrumented with OpenTelemetry's Python SDK, pass the current span's context:

    from opentelemetry.propagate import inject
    carrier = {}
    inject(carrier)                                   # {"traceparent": "00-<trace id>-<span id>-01", ...}
    publisher.publish(event, trace_headers=carrier)

    publish_events.py -b localhost:9092 -s http://localhost:8081                      # the guide's scenario
    publish_events.py -b localhost:9092 -s http://localhost:8081 --file events.jsonl   # a JSON-form file ('-' = stdin)

Exit codes as `mlevents publish`: 0 all acknowledged; 1 some events failed; 2 usage; 3 Kafka or registry unreachable.
"""

import argparse
import io
import json
import os
import re
import struct
import sys
import time
import urllib.error
import urllib.request
import uuid

import avro.errors
import avro.io
import avro.schema
from confluent_kafka import KafkaError, Producer

DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "MlEvent.avsc")

TRACE_HEADERS = ("traceparent", "tracestate")

KEY_FIELDS = {
    "ExperimentUpserted": ("experiment", "experimentId"),
    "RunStarted": ("run", "runId"),
    "RunFinished": ("run", "runId"),
    "ModelGroupUpserted": ("modelGroup", "groupName"),
    "ModelRegistered": ("model", "modelName"),
    "ModelStageChanged": ("model", "modelName"),
    "ModelAliasesChanged": ("model", "modelName"),
}


class Unreachable(Exception):
    """Kafka or the Schema Registry cannot be reached: retry later (exit code 3)."""


def event_key(event):
    """The Kafka key of an event: events about one entity share a partition and stay ordered."""
    prefix, field = KEY_FIELDS[event["type"]]
    return f"{prefix}:{event['platform']}:{event['payload'][field]}"


def register_schema(registry_url, subject, schema_text, timeout=10):
    """POST /subjects/{subject}/versions; returns the schema id (the same id again for the same schema)."""
    request = urllib.request.Request(
        f"{registry_url.rstrip('/')}/subjects/{urllib.request.quote(subject, safe='')}/versions",
        data=json.dumps({"schema": schema_text}).encode("utf-8"),
        headers={"Content-Type": "application/vnd.schemaregistry.v1+json"},
        method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)["id"]
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        if error.code >= 500:
            raise Unreachable(f"Schema Registry {registry_url} answered {error.code}: {body}") from error
        raise RuntimeError(f"Schema Registry refused the schema ({error.code}): {body}") from error
    except (urllib.error.URLError, OSError) as error:
        raise Unreachable(f"Schema Registry {registry_url} unreachable: {error}") from error


class _Branch:
    """A value of a union written as the named branch (avro's DatumWriter would guess the branch from the value)."""

    def __init__(self, name, value):
        self.name, self.value = name, value


class _MlEventDatumWriter(avro.io.DatumWriter):
    def write(self, datum, encoder):
        self.write_data(self.writers_schema, datum, encoder)

    def write_union(self, writers_schema, datum, encoder):
        if not isinstance(datum, _Branch):
            return super().write_union(writers_schema, datum, encoder)
        for index, branch in enumerate(writers_schema.schemas):
            if getattr(branch, "name", None) == datum.name:
                avro.io.validate(branch, datum.value, raise_on_error=True)
                encoder.write_long(index)
                return self.write_data(branch, datum.value, encoder)
        raise ValueError(f"unknown event type {datum.name!r}")


def _complete(schema, value):
    """The value with every record field present (defaults filled in), as avro's writer needs."""
    if isinstance(schema, avro.schema.RecordSchema) and isinstance(value, dict):
        unknown = set(value) - {field.name for field in schema.fields}
        if unknown:
            raise ValueError(f"{schema.name}: unknown field(s) {sorted(unknown)}")
        return {field.name: _complete(field.type, value[field.name]) if field.name in value
                else (field.default if field.has_default else None)
                for field in schema.fields}
    if isinstance(schema, avro.schema.ArraySchema) and isinstance(value, list):
        return [_complete(schema.items, item) for item in value]
    if isinstance(schema, avro.schema.UnionSchema) and value is not None:
        records = [s for s in schema.schemas if isinstance(s, avro.schema.RecordSchema)]
        return _complete(records[0], value) if len(records) == 1 else value
    return value


class MlEventsPublisher:
    """Encodes events with MlEvent.avsc (Confluent wire format) and produces them idempotently with acks=all."""

    def __init__(self, bootstrap_servers, registry_url, topic="mlevents.events", schema_path=DEFAULT_SCHEMA,
                 delivery_timeout_ms=30000, kafka_settings=None, trace_headers=None):
        with open(schema_path, encoding="utf-8") as file:
            schema_text = file.read()
        self._schema = avro.schema.parse(schema_text)
        self._payloads = {s.name: s for s in self._schema.fields_dict["payload"].type.schemas}
        self._writer = _MlEventDatumWriter(self._schema)
        self._topic = topic
        self._header = b"\x00" + struct.pack(">I", register_schema(registry_url, f"{topic}-value", schema_text))
        self._producer = Producer({
            **(kafka_settings or {}),  # security.protocol, sasl.*, ssl.* ...
            "bootstrap.servers": bootstrap_servers,
            "enable.idempotence": True,
            "acks": "all",
            "message.timeout.ms": delivery_timeout_ms,
            "linger.ms": 5,
        })
        self.failures = []  # (event id, Kafka error) of events Kafka did not acknowledge
        self._trace_headers = trace_headers or {}  # default W3C trace context of every event

    def encode(self, event):
        """Confluent wire format: magic byte 0, schema id, Avro binary of the event (JSON form in)."""
        payload_schema = self._payloads.get(event.get("type"))
        if payload_schema is None:
            raise ValueError(f"type: unknown event type {event.get('type')!r}")
        envelope = {key: value for key, value in event.items() if key not in ("type", "payload")}
        datum = _complete(self._schema, {**envelope, "payload": None})
        datum["payload"] = _Branch(payload_schema.name, _complete(payload_schema, event["payload"]))
        buffer = io.BytesIO()
        buffer.write(self._header)
        self._writer.write(datum, avro.io.BinaryEncoder(buffer))
        return buffer.getvalue()

    def publish(self, event, trace_headers=None):
        """Queues the event; delivery failures are collected in self.failures (see flush).

        trace_headers: W3C trace context ({"traceparent": ..., "tracestate": ...}) written as Kafka headers;
        default: the publisher's (from --traceparent / TRACEPARENT)."""
        event_id = event["eventId"]
        context = trace_headers if trace_headers is not None else self._trace_headers
        headers = [(name, context[name].encode("ascii")) for name in TRACE_HEADERS if context.get(name)]

        def delivered(error, _message):
            if error is not None:
                self.failures.append((event_id, error))

        self._producer.produce(self._topic, key=event_key(event).encode("utf-8"), value=self.encode(event),
                               headers=headers or None, on_delivery=delivered)
        self._producer.poll(0)

    def flush(self, timeout=60):
        """Waits for every acknowledgement; returns how many events are still not acknowledged."""
        return self._producer.flush(timeout)


def guide_scenario(platform="mlflow"):
    """DataHub's AI/ML guide as a training script would emit it. RunFinished repeats ALL params (cumulative)."""
    now = int(time.time() * 1000)
    params = {"learning_rate": "0.01", "batch_size": "32"}
    run, group, experiment = "simple_training_run_4", "airline_forecast_models_group", "airline_forecast_experiment"

    def event(kind, payload, at=now):
        return {"eventId": str(uuid.uuid4()), "eventTime": at, "platform": platform, "actor": "datahub",
                "type": kind, "payload": payload}

    return [
        event("ExperimentUpserted", {"experimentId": experiment, "name": "Airline Forecast Experiment",
                                     "customProperties": {"team": "forecasting"}}),
        event("RunStarted", {"runId": run, "experimentId": experiment, "startTime": now, "hyperParams": params,
                             "inputDatasets": [{"platform": "snowflake", "name": "iris_input"}]}),
        event("RunFinished", {"runId": run, "startTime": now, "result": "FAILURE", "nativeResultType": "FAILED",
                              "metrics": {"accuracy": 0.9}, "hyperParams": params,
                              "outputUrls": ["s3://my-bucket/output"],
                              "outputDatasets": [{"platform": "snowflake", "name": "iris_output"}]}, now + 1000),
        event("ModelGroupUpserted", {"groupName": group, "trainingRunIds": [run]}, now + 2000),
        event("ModelRegistered", {"modelName": "arima_model", "version": "1.0", "groupName": group, "runId": run,
                                  "trainingMetrics": {"accuracy": 0.9}, "hyperParams": params,
                                  "aliases": ["champion"]}, now + 3000),
        event("ModelStageChanged", {"modelName": "arima_model", "version": "1.0", "stage": "Production"}, now + 4000),
    ]


def duration(text):
    """The duration style of the mlevents CLI (docs/CLI.md): 500ms, 10s, 2m, 1h or parts joined (1m30s); a bare
    number is seconds. Returns seconds."""
    text = text.strip()
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        seconds = float(text)
    elif re.fullmatch(r"(?:\d+(?:\.\d+)?(?:ms|s|m|h))+", text):
        seconds = sum(float(n) * units[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text))
    else:
        raise argparse.ArgumentTypeError(f"'{text}': expected a duration such as 500ms, 10s, 2m or 1h (a bare number is seconds)")
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"'{text}': a duration must be positive")
    return seconds


def read_events(path):
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        return [(number, line) for number, line in enumerate(stream, start=1) if line.strip()]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-b", "--bootstrap-servers", default=os.environ.get("MLEVENTS_BOOTSTRAP_SERVERS"))
    parser.add_argument("-s", "--schema-registry-url", default=os.environ.get("MLEVENTS_SCHEMA_REGISTRY_URL"))
    parser.add_argument("-t", "--topic", default=os.environ.get("MLEVENTS_TOPIC", "mlevents.events"))
    parser.add_argument("--schema", default=DEFAULT_SCHEMA, help="path of schemas/MlEvent.avsc")
    parser.add_argument("-f", "--file", help="events in the JSON form, one per line ('-' = stdin); default: the guide's scenario")
    parser.add_argument("--timeout", type=duration, default=30.0,
                        help="how long Kafka may take to acknowledge an event: 500ms, 10s, 2m (a bare number is seconds; default 30s)")
    parser.add_argument("--traceparent", default=os.environ.get("TRACEPARENT"),
                        help="W3C traceparent written into every event (default: $TRACEPARENT; $TRACESTATE goes with it)")
    args = parser.parse_args(argv)
    if not args.bootstrap_servers or not args.schema_registry_url:
        parser.error("--bootstrap-servers and --schema-registry-url (or MLEVENTS_BOOTSTRAP_SERVERS / MLEVENTS_SCHEMA_REGISTRY_URL) are required")

    try:
        lines = read_events(args.file) if args.file else [(None, event) for event in guide_scenario()]
        trace = {"traceparent": args.traceparent, "tracestate": os.environ.get("TRACESTATE")} if args.traceparent else None
        publisher = MlEventsPublisher(args.bootstrap_servers, args.schema_registry_url, args.topic, args.schema,
                                      delivery_timeout_ms=int(args.timeout * 1000), trace_headers=trace)
    except OSError as error:
        parser.error(str(error))
    except Unreachable as error:
        print(f"error: {error}", file=sys.stderr)
        return 3

    invalid = 0
    for number, line in lines:
        label = f"line {number}" if number else "event"
        try:
            event = json.loads(line) if isinstance(line, str) else line
            publisher.publish(event)
        except (ValueError, KeyError, TypeError, avro.errors.AvroException) as error:
            invalid += 1
            print(f"{label}: {type(error).__name__}: {error}", file=sys.stderr)

    left = publisher.flush(args.timeout + 5)
    for event_id, error in publisher.failures:
        print(f"event {event_id} not published: Kafka error {error.name()}: {error.str()}", file=sys.stderr)
    published = len(lines) - invalid - len(publisher.failures) - left
    print(f"{published} of {len(lines)} event(s) published to {args.topic}")
    if left or any(e.code() in (KafkaError._MSG_TIMED_OUT, KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN)
                   for _, e in publisher.failures):
        return 3
    return 1 if invalid or publisher.failures else 0


if __name__ == "__main__":
    sys.exit(main())

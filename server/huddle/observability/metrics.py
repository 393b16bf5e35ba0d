"""Prometheus metrics of one API process (scrape each process; they share nothing)."""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

registry = CollectorRegistry()

open_streams = Gauge("huddle_open_streams", "Open event streams (SSE) and seed WebSockets", ["kind"], registry=registry)
events_received = Counter(
    "huddle_events_received_total", "Events this process received from Redis pub/sub", ["topic_kind"], registry=registry
)
events_delivered = Counter("huddle_events_delivered_total", "Events written to client streams", registry=registry)
queue_drops = Counter(
    "huddle_stream_queue_overflows_total", "Streams cut off because their queue overflowed", registry=registry
)
resyncs = Counter("huddle_resyncs_total", "resync events sent (history gap or overflow)", ["reason"], registry=registry)
pubsub_reconnects = Counter("huddle_pubsub_reconnects_total", "Pub/sub connection re-established", registry=registry)
redis_errors = Counter(
    "huddle_redis_errors_total",
    "Redis failures: requests answered 503, pub/sub connection losses, failed background work",
    ["where"],
    registry=registry,
)
events_published = Gauge(
    "huddle_events_published",
    "PUBLISH calls Redis has run since it started, by every process (INFO commandstats, read per scrape)",
    registry=registry,
)
request_seconds = Histogram(
    "huddle_http_request_duration_seconds",
    "Time to the response start, by route template",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=registry,
)
redis_used_memory = Gauge(
    "huddle_redis_used_memory_bytes",
    "Memory Redis uses for data (INFO memory used_memory, read per scrape)",
    registry=registry,
)
redis_maxmemory = Gauge(
    "huddle_redis_maxmemory_bytes", "Redis's memory cap (0 = none); writes are refused (507) at it", registry=registry
)
anonymous_rooms = Gauge(
    "huddle_anonymous_rooms",
    "Rooms of visitors who are not logged in that exist now (over all processes)",
    registry=registry,
)
anonymous_room_budget = Gauge(
    "huddle_anonymous_room_budget",
    "Rooms visitors who are not logged in may have at once (HUDDLE_ANONYMOUS_ROOM_BUDGET)",
    registry=registry,
)

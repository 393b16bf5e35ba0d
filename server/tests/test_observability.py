import json
from collections.abc import AsyncIterator

import httpx

from tests.support.metrics import metric
from tests.support.processes import ApiProcess, start_api
from tests.support.sse import EventStream
from tests.support.users import signed_up_client


async def test_metrics_count_streams_and_deliveries(api: ApiProcess) -> None:
    client = await signed_up_client(api.url)

    before = (await client.get("/metrics")).text
    async with EventStream(client, ["presence"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        other = await signed_up_client(api.url)
        async with EventStream(other, ["presence"]):
            await stream.wait_for(lambda e: e.event == "user_online")
            during = (await client.get("/metrics")).text
    assert metric(during, 'huddle_open_streams{kind="sse"}') >= metric(before, 'huddle_open_streams{kind="sse"}') + 2
    assert metric(during, "huddle_events_delivered_total") > metric(before, "huddle_events_delivered_total")
    assert metric(during, 'huddle_events_received_total{topic_kind="presence"}') > 0
    assert metric(during, "huddle_events_published") > 0  # Redis's own count, over all processes
    assert 'huddle_http_request_duration_seconds_count{method="POST",route="/api/auth/signup",status="201"}' in during
    for name in (
        "huddle_stream_queue_overflows_total",
        "huddle_resyncs_total",
        "huddle_pubsub_reconnects_total",
        "huddle_redis_errors_total",
    ):
        assert f"# TYPE {name} counter" in during


async def test_security_headers_request_ids_and_body_limit(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url) as client:
        page = await client.get("/feed")
        api_response = await client.get("/api/auth/me")
        for response in (page, api_response):
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            assert len(response.headers["x-request-id"]) == 16
        assert "content-security-policy" not in (await client.get("/docs")).headers  # Swagger UI's CDN
        echoed = await client.get("/health", headers={"X-Request-ID": "trace-abc.123"})
        assert echoed.headers["x-request-id"] == "trace-abc.123"
        hostile = await client.get("/health", headers={"X-Request-ID": "<script>" + "x" * 80})
        assert hostile.headers["x-request-id"] != "<script>" + "x" * 80 and len(hostile.headers["x-request-id"]) == 16

        big = await client.post(
            "/api/posts", content=b"x" * (1024 * 1024 + 1), headers={"content-type": "application/json"}
        )
        assert big.status_code == 413 and "at most" in big.json()["detail"]

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b"x" * 65536

        streamed = await client.post("/api/posts", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


async def test_logs_are_json_lines_with_the_request_id(redis_url: str) -> None:
    info = start_api(redis_url, HUDDLE_TEST_LOG_LEVEL="info")
    try:
        async with httpx.AsyncClient(base_url=info.url) as client:
            await client.get("/health", headers={"X-Request-ID": "find-me-42"})
    finally:
        info.stop()
    lines = [json.loads(line) for line in info.log().splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("request_id") == "find-me-42"]
    assert access and access[0]["path"] == "/health" and access[0]["status"] == 200 and "ms" in access[0]

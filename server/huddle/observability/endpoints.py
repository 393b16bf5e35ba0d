from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError

from huddle.config import get_settings
from huddle.db import redis_client
from huddle.observability import metrics as gauges
from huddle.observability.metrics import events_published, redis_errors, registry
from huddle.rooms import room_limits

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics() -> Response:
    """Prometheus metrics of this API process."""
    try:
        stats = await redis_client.info("commandstats")
        events_published.set(stats.get("cmdstat_publish", {}).get("calls", 0))
        memory = await redis_client.info("memory")
        gauges.redis_used_memory.set(memory.get("used_memory", 0))
        gauges.redis_maxmemory.set(memory.get("maxmemory", 0))
        gauges.anonymous_rooms.set(await room_limits.anonymous_rooms_in_use())
        gauges.anonymous_room_budget.set(get_settings().anonymous_room_budget)
    except (RedisError, OSError):
        redis_errors.labels("metrics").inc()  # the rest of the page is still worth scraping
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError

from huddle.db import redis_client
from huddle.observability.metrics import events_published, redis_errors, registry

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics() -> Response:
    """Prometheus metrics of this API process."""
    try:
        stats = await redis_client.info("commandstats")
        events_published.set(stats.get("cmdstat_publish", {}).get("calls", 0))
    except (RedisError, OSError):
        redis_errors.labels("metrics").inc()  # the rest of the page is still worth scraping
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

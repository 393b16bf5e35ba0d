from fastapi import APIRouter
from pydantic import BaseModel

from huddle.db import redis_client

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    redis: str


@router.get("/health")
async def health() -> Health:
    """Liveness of this API process and its Redis (503 when Redis is unreachable)."""
    await redis_client.ping()
    return Health(status="ok", redis="ok")

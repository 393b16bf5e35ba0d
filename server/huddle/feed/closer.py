"""Closes polls when their closing time comes, so that every screen and seed stream hears of it.

Votes are refused by time anyway (the vote script compares Redis time with closes_at); what the
closer adds is the `poll_closed` event with the final counts, which after_close polls wait for.
Every API process runs one; the close script is idempotent, so they may overlap.
"""

import asyncio
import contextlib
import logging
import time

from redis.exceptions import RedisError

from huddle.feed import polls_repository
from huddle.observability import metrics

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0


class PollCloser:
    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="poll-closer")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await close_due_polls()
            except (RedisError, OSError) as error:
                log.warning("closing due polls failed: %s", error)
                metrics.redis_errors.labels("poll_closer").inc()
            await asyncio.sleep(INTERVAL_SECONDS)


# A scheduled poll is written just before the poll itself: one found missing this soon after its
# closing time may still be on its way.
MISSING_GRACE_MS = 60_000


async def close_due_polls() -> int:
    closed = 0
    now_ms = int(time.time() * 1000)
    for poll_id, closes_at in await polls_repository.due_closings(now_ms):
        try:
            outcome = await polls_repository.close_by_time(poll_id)
        except (RedisError, OSError) as error:  # one poll's failure must not hold up the others
            log.warning("closing poll %s failed: %s", poll_id, error)
            metrics.redis_errors.labels("poll_closer").inc()
            continue
        closed += outcome == "closed"
        if outcome in ("closed", "done") or (outcome == "missing" and closes_at < now_ms - MISSING_GRACE_MS):
            await polls_repository.unschedule_close(poll_id)
    return closed

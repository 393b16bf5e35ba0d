"""Rooms are open to anyone with the link (as in seed 003): a room's topics need only the room."""

from huddle.auth.schemas import PublicUser
from huddle.rooms import service


async def authorize_room_topic(user: PublicUser | None, topic: str) -> None:
    await service.require_room(topic.split(":", 1)[1])

"""Rooms are open to anyone with the link (as in seed 003): a room's topics need only the room,
and guessing room ids through them is throttled per address like every other room lookup."""

from huddle.auth.schemas import PublicUser
from huddle.rooms import service


async def authorize_room_topic(user: PublicUser | None, topic: str, address: str) -> None:
    await service.require_known_room(topic.split(":", 1)[1], address)

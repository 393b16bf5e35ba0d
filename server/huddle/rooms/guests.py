"""Anyone with a room's link may edit it: people who are not logged in get a guest identity, a
signed cookie with a generated name and colour, so their name and cursor stay theirs across tabs."""

import random
import secrets
import time

import jwt

from huddle.auth.service import color_for
from huddle.config import get_settings
from huddle.rooms.schemas import Participant

GUEST_COOKIE = "huddle_guest"
_ADJECTIVES = ["Swift", "Quiet", "Brave", "Clever", "Sunny", "Lucky", "Bold", "Calm", "Keen", "Witty"]
_ANIMALS = ["Otter", "Falcon", "Panda", "Lynx", "Heron", "Koala", "Fox", "Orca", "Ibis", "Yak"]


def new_guest() -> Participant:
    guest_id = f"guest_{secrets.token_hex(4)}"
    name = f"{random.choice(_ADJECTIVES)} {random.choice(_ANIMALS)}"
    return Participant(id=guest_id, name=name, color=color_for(guest_id), guest=True)


def guest_token(guest: Participant) -> str:
    claims = {"sub": guest.id, "name": guest.name, "color": guest.color, "exp": int(time.time()) + 30 * 24 * 3600}
    return jwt.encode(claims, get_settings().secret_key, algorithm="HS256")


def guest_from_token(token: str | None) -> Participant | None:
    if not token:
        return None
    try:
        claims = jwt.decode(token, get_settings().secret_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    return Participant(id=claims["sub"], name=claims["name"], color=claims["color"], guest=True)

"""Anyone with a room's link may edit it: people who are not logged in get a guest identity, a
signed cookie with a generated name and colour, so their name and cursor stay theirs across tabs.

Only tokens this server issued as guest tokens count: the `typ` claim keeps a session token (signed
with the same secret) from passing as one, and anything unsigned, forged, expired or malformed is
ignored (the caller then issues a fresh guest)."""

import random
import re
import secrets
import time

import jwt

from huddle.auth.service import color_for
from huddle.config import get_settings
from huddle.rooms.schemas import Participant

GUEST_COOKIE = "huddle_guest"
GUEST_TOKEN_TYPE = "guest"
_GUEST_ID = re.compile(r"^guest_[0-9a-f]{8}$")
_MAX_TOKEN_LENGTH = 1024
_ADJECTIVES = ["Swift", "Quiet", "Brave", "Clever", "Sunny", "Lucky", "Bold", "Calm", "Keen", "Witty"]
_ANIMALS = ["Otter", "Falcon", "Panda", "Lynx", "Heron", "Koala", "Fox", "Orca", "Ibis", "Yak"]


def new_guest() -> Participant:
    guest_id = f"guest_{secrets.token_hex(4)}"
    name = f"{random.choice(_ADJECTIVES)} {random.choice(_ANIMALS)}"
    return Participant(id=guest_id, name=name, color=color_for(guest_id), guest=True)


def guest_token(guest: Participant) -> str:
    claims = {
        "typ": GUEST_TOKEN_TYPE,
        "sub": guest.id,
        "name": guest.name,
        "color": guest.color,
        "exp": int(time.time()) + 30 * 24 * 3600,
    }
    return jwt.encode(claims, get_settings().secret_key, algorithm="HS256")


def guest_from_token(token: str | None) -> Participant | None:
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    try:
        claims = jwt.decode(
            token, get_settings().secret_key, algorithms=["HS256"], options={"require": ["typ", "sub", "exp"]}
        )
    except jwt.PyJWTError:
        return None
    guest_id, name, color = claims.get("sub"), claims.get("name"), claims.get("color")
    if claims["typ"] != GUEST_TOKEN_TYPE or not isinstance(guest_id, str) or not _GUEST_ID.match(guest_id):
        return None
    if not isinstance(name, str) or not 0 < len(name) <= 40 or not isinstance(color, str) or len(color) > 32:
        return None
    return Participant(id=guest_id, name=name, color=color, guest=True)

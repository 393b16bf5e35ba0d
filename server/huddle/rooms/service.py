"""Rooms: lifecycle, the shared document (append, load, compact, reset) and who is present."""

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from redis.exceptions import RedisError

from huddle.auth.schemas import PublicUser
from huddle.config import get_settings
from huddle.errors import ApiError
from huddle.rooms import awareness, documents, room_limits
from huddle.rooms import documents_repository as docs
from huddle.rooms import participants_repository as people
from huddle.rooms.colors import PALETTE
from huddle.rooms.schemas import Participant, Room

log = logging.getLogger(__name__)
_background: set[asyncio.Task[object]] = set()


def participant_for(user: PublicUser | None, guest: Participant | None) -> Participant | None:
    if user is not None:
        return Participant(id=user.id, name=user.display_name, color=user.color, guest=False)
    return guest


async def create_room(language: str, creator: PublicUser | None, address: str, id_hex_digits: int) -> str:
    """A new room; visitors who are not logged in draw on a per-address quota and a total budget."""
    settings = get_settings()
    await room_limits.count_room_creation(address)
    for _ in range(20):  # a collision is rare even among 16M seed ids, and create-if-absent makes it safe
        room_id = secrets.token_hex(id_hex_digits // 2)
        if creator is None and not await room_limits.reserve_anonymous_room(room_id):
            raise ApiError(
                507,
                "visitors who are not logged in have used up the space for rooms; log in or try again later",
                headers={"Retry-After": "600"},
            )
        now = datetime.now(UTC).isoformat()
        created_by = creator.id if creator else "anonymous"
        if await docs.create(room_id, language, now, secrets.token_hex(8), created_by, settings.room_ttl_seconds):
            return room_id
        if creator is None:
            await room_limits.release_anonymous_room(room_id)
    raise ApiError(503, "could not allocate a room id; try again")


async def room_exists(room_id: str) -> bool:
    return await docs.get_meta(room_id) is not None


async def look_up(room_id: str, address: str) -> bool:
    """Whether the room exists, for a caller at `address`: guessing ids is throttled per address."""
    await room_limits.check_lookups(address)
    if await room_exists(room_id):
        return True
    await room_limits.count_miss(address)
    return False


async def require_known_room(room_id: str, address: str) -> None:
    if not await look_up(room_id, address):
        raise ApiError(404, f"room {room_id} does not exist or has expired", field="room_id")


async def require_room(room_id: str) -> dict[str, str]:
    meta = await docs.get_meta(room_id)
    if meta is None:
        raise ApiError(404, f"room {room_id} does not exist or has expired", field="room_id")
    return meta


async def participants(room_id: str) -> list[Participant]:
    await sweep(room_id)
    unique: dict[str, Participant] = {}
    for record in (await people.client_records(room_id)).values():
        participant = Participant.model_validate_json(record["participant"])
        unique[participant.id] = participant
    return sorted(unique.values(), key=lambda p: p.name.lower())


async def get_room(room_id: str) -> Room:
    meta = await require_room(room_id)
    return Room(
        room_id=room_id,
        language=meta["language"],  # type: ignore[arg-type]
        epoch=meta["epoch"],
        created_at=datetime.fromisoformat(meta["created_at"]),
        participants=await participants(room_id),
    )


async def set_language(room_id: str, language: str) -> Room:
    room = await get_room(room_id)
    room.language = language  # type: ignore[assignment]
    await docs.set_language(room_id, language, room.model_dump(mode="json"), get_settings().room_ttl_seconds)
    return room


async def document_state(room_id: str) -> tuple[str, bytes]:
    meta = await require_room(room_id)
    snapshot, log_entries = await docs.read_document(room_id)
    return meta["epoch"], await asyncio.to_thread(documents.merged_state, snapshot, log_entries)


async def apply_update(room_id: str, epoch: str, update_b64: str, client_id: int, participant: Participant) -> None:
    """Validate and store one Yjs update; it reaches every client through the room's topic."""
    settings = get_settings()
    if len(update_b64) * 3 // 4 > settings.room_max_update_bytes:
        raise ApiError(413, f"an update may be at most {settings.room_max_update_bytes} bytes", field="update")
    try:
        documents.decode_update(update_b64)
    except documents.InvalidUpdate as error:
        raise ApiError(400, str(error), field="update") from None
    result = await docs.append(
        room_id,
        epoch,
        update_b64,
        client_id,
        participant.id,
        settings.room_ttl_seconds,
        settings.room_max_document_bytes * 4 // 3,
    )
    if result == "not_found":
        raise ApiError(404, f"room {room_id} does not exist or has expired", field="room_id")
    if result == "too_large":
        raise ApiError(413, f"the document may be at most {settings.room_max_document_bytes} bytes", field="update")
    if result.startswith("epoch:"):
        raise ApiError(409, "the document was reset; reload it", field="epoch", extra={"epoch": result[6:]})
    if int(result[3:]) >= settings.room_compact_after_updates:
        _in_background(compact(room_id))


def _in_background(coroutine: Coroutine[Any, Any, object]) -> None:
    task = asyncio.create_task(coroutine)
    _background.add(task)
    task.add_done_callback(_background.discard)


async def compact(room_id: str) -> bool:
    """Fold the log into the snapshot, so storage stays near the document's size. One process at a
    time (a lock); appends made meanwhile stay in the log."""
    token = await docs.try_lock_compaction(room_id)
    if token is None:
        return False
    try:
        epoch, trimmed, snapshot, log_entries = await docs.read_for_compaction(room_id)
        if epoch is None or not log_entries:
            return False
        merged = await asyncio.to_thread(documents.merged_state, snapshot, log_entries)
        return await docs.compact(
            room_id, epoch, trimmed, len(log_entries), documents.encode(merged), get_settings().room_ttl_seconds
        )
    except RedisError as error:
        log.warning("compaction of room %s failed: %s", room_id, error)
        return False
    finally:
        with contextlib.suppress(RedisError):
            await docs.unlock_compaction(room_id, token)


async def reset(room_id: str) -> str:
    await require_room(room_id)
    epoch = secrets.token_hex(8)
    await docs.reset(room_id, epoch, get_settings().room_ttl_seconds)
    return epoch


async def room_color(room_id: str, participant_id: str) -> str:
    return await people.claim_color(room_id, participant_id, PALETTE, get_settings().room_ttl_seconds)


async def present(
    room_id: str,
    client_key: str,
    client_id: int,
    participant: Participant,
    awareness_b64: str,
    cursor: dict[str, int] | None,
) -> Participant:
    """Register or refresh a client; returns the participant with their colour in this room."""
    settings = get_settings()
    await require_room(room_id)
    if awareness_b64:
        try:
            ids = awareness.client_ids(awareness_b64)
        except ValueError:
            raise ApiError(400, "not a valid awareness update", field="update") from None
        if set(ids) != {client_id}:
            # Browsers key cursors by these ids: any other id would overwrite someone else's cursor.
            raise ApiError(422, f"the update must set the state of client_id {client_id} only", field="update")
    # Expired clients go first: a client key or id taken over from one must count as a new join.
    await sweep(room_id)
    # A colour is freed when its holder's last client leaves, possibly between claim and upsert.
    for _ in range(5):
        participant = participant.model_copy(update={"color": await room_color(room_id, participant.id)})
        labelled = awareness_b64
        if awareness_b64:
            label = {"id": participant.id, "name": participant.name, "color": participant.color}
            labelled = awareness.with_identity(
                awareness_b64, label | {"colorLight": awareness.light(participant.color)}
            )
        outcome = await people.upsert(
            room_id,
            client_key,
            client_id,
            participant.model_dump(),
            settings.room_client_ttl_seconds * 1000,
            labelled,
            cursor,
            settings.room_ttl_seconds,
        )
        if outcome == "foreign":
            raise ApiError(422, f"client_id {client_id} belongs to another participant", field="client_id")
        if outcome == "ok":
            await docs.touch(room_id, settings.room_ttl_seconds)
            return participant
    raise ApiError(503, "the room's participants changed too fast; try again")


async def leave(room_id: str, client_key: str, only_for: str | None = None) -> None:
    """Remove a client; with `only_for`, only if it belongs to that participant (nobody can drop
    someone else's cursor)."""
    record = await people.client_record(room_id, client_key)
    if only_for is not None and (record is None or json.loads(record["participant"])["id"] != only_for):
        return
    removal = awareness.removal_for(record["awareness"]) if record and record.get("awareness") else ""
    await people.leave(room_id, client_key, removal)


async def sweep(room_id: str) -> None:
    """Drop clients whose tab or API process went away without a goodbye."""
    for client_key in await people.expired_clients(room_id):
        await leave(room_id, client_key)


async def awareness_states(room_id: str) -> list[str]:
    await require_room(room_id)
    await sweep(room_id)
    return [r["awareness"] for r in (await people.client_records(room_id)).values() if r.get("awareness")]

from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Path, Request, Response, status

from huddle.auth.cookies import served_over_https
from huddle.auth.dependencies import CurrentUserOptional
from huddle.client_address import client_address
from huddle.errors import ApiError, ErrorBody
from huddle.rooms import completion, documents, service
from huddle.rooms.guests import GUEST_COOKIE, guest_from_token, guest_token, new_guest
from huddle.rooms.schemas import (
    ROOM_ID_HEX,
    ROOM_ID_PATTERN,
    SEED_ROOM_ID_HEX,
    AutocompleteRequest,
    AutocompleteSuggestion,
    AwarenessStates,
    AwarenessUpdate,
    Completions,
    DocumentState,
    DocumentUpdate,
    LanguageChange,
    Leave,
    Participant,
    Room,
    RoomCreate,
    RoomCreated,
    RoomExists,
    RoomJoined,
    RoomReset,
)

_errors: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody, "description": "too many lookups of unknown rooms from this address"},
}
_creation_errors: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorBody, "description": "too many rooms created from this address"},
    507: {"model": ErrorBody, "description": "the budget for rooms of visitors who are not logged in is used up"},
}
seed = APIRouter(prefix="/rooms", tags=["rooms (seed 003)"], responses=_errors)
web = APIRouter(prefix="/api", tags=["rooms"], responses=_errors)

RoomId = Annotated[
    str,
    Path(pattern=ROOM_ID_PATTERN, description="6 hex characters (seed 003's POST /rooms) or 24 (POST /api/rooms)"),
]
GuestCookie = Annotated[str | None, Cookie(alias=GUEST_COOKIE, include_in_schema=False)]


async def _known_room(room_id: RoomId, request: Request) -> str:
    """The room id, once it is known to exist; lookups of unknown ids are throttled per address."""
    await service.require_known_room(room_id, client_address(request))
    return room_id


KnownRoomId = Annotated[str, Depends(_known_room)]


def _origin(request: Request) -> tuple[str, str]:
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or "localhost"
    scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
    return f"{scheme}://{host}", f"{'wss' if scheme == 'https' else 'ws'}://{host}"


async def _create(
    request: Request, user: CurrentUserOptional, body: RoomCreate | None, id_hex_digits: int
) -> RoomCreated:
    language = (body or RoomCreate()).language
    room_id = await service.create_room(language, user, client_address(request), id_hex_digits)
    http, ws = _origin(request)
    return RoomCreated(room_id=room_id, join_url=f"{http}/code/{room_id}", ws_url=f"{ws}/ws/{room_id}")


@seed.post("", status_code=status.HTTP_201_CREATED, responses=_creation_errors)
async def create_room(request: Request, user: CurrentUserOptional, body: RoomCreate | None = None) -> RoomCreated:
    """Seed 003's contract: a 6-hex id. Such ids can be found by guessing (slowly: lookups of
    unknown ids are throttled per address); the web app uses POST /api/rooms instead."""
    return await _create(request, user, body, SEED_ROOM_ID_HEX)


@web.post("/rooms", status_code=status.HTTP_201_CREATED, responses=_creation_errors)
async def create_private_room(
    request: Request, user: CurrentUserOptional, body: RoomCreate | None = None
) -> RoomCreated:
    """A room with a 96-bit id: only people given the link can find it."""
    return await _create(request, user, body, ROOM_ID_HEX)


@seed.get("/{room_id}/exists")
async def room_exists(room_id: RoomId, request: Request) -> RoomExists:
    return RoomExists(exists=await service.look_up(room_id, client_address(request)), room_id=room_id)


@seed.post("/autocomplete", responses={404: {"description": "no suggestion"}})
async def autocomplete(body: AutocompleteRequest) -> AutocompleteSuggestion:
    """Seed 003's contract: the best completion at the cursor, or 404 when there is none."""
    _check_cursor(body)
    start, found = await completion.complete(body.code, body.cursor_position, body.language.lower())
    typed = body.code[start : body.cursor_position]
    # The suggestion is inserted at the cursor, after what was typed: only a completion that
    # extends the typed word fits (jedi also offers the word itself, and case-insensitive matches).
    for candidate in found:
        if candidate.apply.startswith(typed) and len(candidate.apply) > len(typed):
            rest = candidate.apply[len(typed) :]
            return AutocompleteSuggestion(suggestion=rest, insert_position=body.cursor_position)
    raise ApiError(404, "no suggestion")


@web.post("/code/complete")
async def complete(body: AutocompleteRequest) -> Completions:
    """Completions for CodeMirror's popup: replace `from`..cursor with a completion's `apply`."""
    _check_cursor(body)
    start, found = await completion.complete(body.code, body.cursor_position, body.language.lower())
    return Completions.model_validate({"from": start, "completions": found})


def _check_cursor(body: AutocompleteRequest) -> None:
    if not 0 <= body.cursor_position <= len(body.code):
        raise ApiError(422, f"cursor_position must be within the code (0-{len(body.code)})", field="cursor_position")


async def _participant(user: CurrentUserOptional, guest_cookie: str | None) -> Participant:
    participant = service.participant_for(user, guest_from_token(guest_cookie))
    if participant is None:
        raise ApiError(401, "join the room first (POST /api/rooms/{id}/join)")
    return participant


@web.post("/rooms/{room_id}/join")
async def join_room(
    room_id: KnownRoomId, user: CurrentUserOptional, request: Request, response: Response, guest: GuestCookie = None
) -> RoomJoined:
    """Who you are in this room: your account, or a guest identity kept in a cookie."""
    room = await service.get_room(room_id)
    me = service.participant_for(user, guest_from_token(guest))
    if me is None:
        me = new_guest()
        response.set_cookie(
            GUEST_COOKIE,
            guest_token(me),
            max_age=30 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=served_over_https(request),
        )
    me = me.model_copy(update={"color": await service.room_color(room_id, me.id)})
    return RoomJoined(room=room, me=me)


@web.get("/rooms/{room_id}")
async def get_room(room_id: KnownRoomId) -> Room:
    return await service.get_room(room_id)


@web.patch("/rooms/{room_id}", responses={401: {"model": ErrorBody}})
async def change_language(
    room_id: KnownRoomId, body: LanguageChange, user: CurrentUserOptional, guest: GuestCookie = None
) -> Room:
    await _participant(user, guest)
    return await service.set_language(room_id, body.language)


@web.get("/rooms/{room_id}/document")
async def get_document(room_id: KnownRoomId) -> DocumentState:
    epoch, state = await service.document_state(room_id)
    return DocumentState(epoch=epoch, update=documents.encode(state))


@web.post(
    "/rooms/{room_id}/updates",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        400: {"model": ErrorBody},
        401: {"model": ErrorBody},
        409: {"model": ErrorBody},
        413: {"model": ErrorBody},
    },
)
async def post_update(
    room_id: KnownRoomId, body: DocumentUpdate, user: CurrentUserOptional, guest: GuestCookie = None
) -> None:
    """Store a Yjs update and send it to everyone in the room. 409: the document was reset."""
    participant = await _participant(user, guest)
    await service.apply_update(room_id, body.epoch, body.update, body.client_id, participant)


@web.post("/rooms/{room_id}/reset", responses={401: {"model": ErrorBody}})
async def reset_document(room_id: KnownRoomId, user: CurrentUserOptional, guest: GuestCookie = None) -> RoomReset:
    """Clear the document for everyone. The epoch changes, so clients drop their copy and reload
    instead of merging the old text back in."""
    await _participant(user, guest)
    return RoomReset(epoch=await service.reset(room_id))


@web.post("/rooms/{room_id}/awareness", status_code=status.HTTP_204_NO_CONTENT, responses={401: {"model": ErrorBody}})
async def post_awareness(
    room_id: KnownRoomId, body: AwarenessUpdate, user: CurrentUserOptional, guest: GuestCookie = None
) -> None:
    """Your cursor and presence (a y-protocols awareness update); send at least every 15 s."""
    participant = await _participant(user, guest)
    cursor = body.cursor.model_dump() if body.cursor else None
    await service.present(room_id, f"y-{body.client_id}", body.client_id, participant, body.update, cursor)


@web.post("/rooms/{room_id}/leave", status_code=status.HTTP_204_NO_CONTENT, responses={401: {"model": ErrorBody}})
async def leave_room(room_id: KnownRoomId, body: Leave, user: CurrentUserOptional, guest: GuestCookie = None) -> None:
    """Sent by the page's `pagehide` beacon: your cursor and presence go at once."""
    participant = await _participant(user, guest)
    await service.leave(room_id, f"y-{body.client_id}", only_for=participant.id)


@web.get("/rooms/{room_id}/awareness")
async def get_awareness(room_id: KnownRoomId) -> AwarenessStates:
    return AwarenessStates(updates=await service.awareness_states(room_id))

import hashlib
from datetime import UTC, datetime

from huddle.auth import repository
from huddle.auth.passwords import hash_password, verify_password
from huddle.auth.repository import Account
from huddle.auth.schemas import LoginRequest, PublicUser, SignupRequest
from huddle.config import get_settings
from huddle.errors import ApiError

_PALETTE = [
    "#2563eb",
    "#7c3aed",
    "#db2777",
    "#dc2626",
    "#ea580c",
    "#ca8a04",
    "#16a34a",
    "#0d9488",
    "#0891b2",
    "#4f46e5",
]


def color_for(username: str) -> str:
    digest = hashlib.sha256(username.encode()).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


def to_public(account: Account) -> PublicUser:
    return PublicUser(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        color=account.color,
        created_at=datetime.fromisoformat(account.created_at),
    )


async def signup(request: SignupRequest) -> PublicUser:
    account = Account(
        id=request.username,
        username=request.username,
        display_name=request.display_name or request.username,
        color=color_for(request.username),
        created_at=datetime.now(UTC).isoformat(),
        password_hash=await hash_password(request.password),
    )
    if not await repository.create_account(account):
        raise ApiError(409, f"the username '{request.username}' is taken", field="username")
    return to_public(account)


async def login(request: LoginRequest) -> PublicUser:
    settings = get_settings()
    username = request.username.strip().lower()
    wait = await repository.login_lockout_seconds(username, settings.login_max_failures)
    if wait:
        raise ApiError(429, f"too many failed logins; try again in {wait} seconds", headers={"Retry-After": str(wait)})
    account = await repository.get_account(username)
    valid = await verify_password(request.password, account.password_hash if account else None)
    if account is None or not valid:
        await repository.record_login_failure(username, settings.login_failure_window_seconds)
        raise ApiError(401, "wrong username or password")
    await repository.clear_login_failures(username)
    return to_public(account)


async def get_user(user_id: str) -> PublicUser | None:
    account = await repository.get_account(user_id)
    return to_public(account) if account else None


async def get_users(user_ids: list[str]) -> list[PublicUser]:
    return [to_public(account) for account in await repository.get_accounts(user_ids)]

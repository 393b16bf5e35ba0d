import hashlib
from datetime import UTC, datetime

from huddle.auth import repository, sessions, throttle
from huddle.auth.passwords import hash_password, verify_password
from huddle.auth.repository import Account
from huddle.auth.schemas import LoginRequest, PasswordChange, PublicUser, SignupRequest
from huddle.auth.tokens import SessionClaims
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


async def signup(request: SignupRequest, address: str) -> PublicUser:
    await throttle.count_signup(address)
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


async def login(request: LoginRequest, address: str) -> PublicUser:
    username = request.username.strip().lower()
    account = await _account_with_password(address, username, request.password)
    if account is None:
        raise ApiError(401, "wrong username or password")
    return to_public(account)


async def _account_with_password(address: str, username: str, password: str) -> Account | None:
    """The account when the password is right; counts the failure (and may refuse with 429) otherwise."""
    await throttle.check_login_allowed(address, username)
    account = await repository.get_account(username)
    valid = await verify_password(password, account.password_hash if account else None)
    if account is None or not valid:
        await throttle.record_login_failure(address, username)
        return None
    await throttle.record_login_success(address, username)
    return account


async def change_password(user_id: str, request: PasswordChange, session: SessionClaims, address: str) -> None:
    """Sets a new password and ends every other session of the user (this one stays)."""
    account = await _account_with_password(address, user_id, request.current_password)
    if account is None:
        raise ApiError(403, "the current password is wrong", field="current_password")
    new_hash = await hash_password(request.new_password)
    if not await repository.change_password(account, new_hash, session.session_id):
        raise ApiError(409, "the password was changed meanwhile; try again", field="current_password")
    sessions.forget_cached_checks(user_id)


async def get_user(user_id: str) -> PublicUser | None:
    account = await repository.get_account(user_id)
    return to_public(account) if account else None


async def get_users(user_ids: list[str]) -> list[PublicUser]:
    return [to_public(account) for account in await repository.get_accounts(user_ids)]

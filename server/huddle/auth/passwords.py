"""Argon2id hashing, off the event loop: one hash takes tens of milliseconds of CPU, which would
stall every stream and request of the process (argon2-cffi releases the GIL, so threads help)."""

import asyncio

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()

# Verified against on unknown usernames so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        await asyncio.to_thread(_hasher.verify, password, _DUMMY_HASH)
        return False
    return await asyncio.to_thread(_hasher.verify, password, password_hash)

import asyncio
import time
from pathlib import Path

import httpx

from tests.support.processes import start_api
from tests.support.sse import EventStream, is_online_event
from tests.support.users import PASSWORD, signed_up_client, username_of
from tests.support.valkey import start_valkey


async def test_pubsub_recovers_and_acknowledged_data_survives_a_valkey_crash(tmp_path: Path) -> None:
    valkey = start_valkey(tmp_path / "valkey")
    api = start_api(valkey.url)
    try:
        watcher = await signed_up_client(api.url, "watcher")
        survivor = await signed_up_client(api.url, "survivor")
        async with EventStream(watcher, ["presence"]) as stream:
            await stream.wait_for(lambda e: e.event == "ready")

            valkey.kill()  # SIGKILL: no shutdown, no final save; only the fsynced append-only file
            async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
                during = await client.post(
                    "/api/auth/login", json={"username": username_of(survivor), "password": PASSWORD}
                )
                assert during.status_code == 503
            valkey = start_valkey(tmp_path / "valkey", port=valkey.port)

            # The account written before the crash is still there.
            async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
                deadline = time.monotonic() + 10
                while True:
                    login = await client.post(
                        "/api/auth/login", json={"username": username_of(survivor), "password": PASSWORD}
                    )
                    if login.status_code != 503 or time.monotonic() > deadline:
                        break
                    await asyncio.sleep(0.2)
                assert login.status_code == 200, login.text

            # The hub re-subscribed: an event published after the restart reaches the open stream.
            newcomer = await signed_up_client(api.url, "newcomer")
            async with EventStream(newcomer, ["presence"]):
                await stream.wait_for(is_online_event(username_of(newcomer)), timeout=10)
        assert "Traceback" not in api.log()
    finally:
        api.stop()
        valkey.stop()

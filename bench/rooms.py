"""Editing benchmark: 20 editors in one room across two API processes, each typing 5 keystrokes per
second. Reports keystroke-to-other-clients latency (from sending the update to another editor
receiving it) and the stored size before and after compaction.

    uv run --project server python -m bench.rooms                       # 20 editors, 20 s
    uv run --project server python -m bench.rooms --editors 4 --seconds 3 --json
"""

import argparse
import asyncio
import base64
import json
import random
import time
from typing import Any

from bench.harness import machine, servers
from tests.support.rooms import CrdtClient, create_room


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


async def run(api_urls: list[str], editors: int, rate: float, seconds: float) -> dict[str, Any]:
    from huddle.rooms import documents_repository, service

    room_id = await create_room(api_urls[0])
    clients = [CrdtClient(api_urls[n % len(api_urls)], room_id) for n in range(editors)]
    for client in clients:
        await client.__aenter__()
    sent_at: dict[str, tuple[float, int]] = {}
    latencies: list[float] = []
    bytes_sent = 0

    async def type_keys(index: int, client: CrdtClient) -> None:
        nonlocal bytes_sent
        rng = random.Random(index)
        started = time.perf_counter() + rng.random() / rate  # spread the editors' phases
        for n in range(int(rate * seconds)):
            delay = started + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            before = client.doc.get_state()
            content = client.value
            client.text.insert(len(content.encode()), rng.choice("abcdefghij \n"))
            update = client.doc.get_update(before)
            encoded = base64.b64encode(update).decode()
            sent_at[encoded] = (time.perf_counter(), index)
            bytes_sent += len(encoded)
            response = await client.send(update)
            response.raise_for_status()

    async def measure(index: int, client: CrdtClient) -> None:
        seen = 0
        assert client.stream is not None
        while True:
            for event in client.stream.events[seen:]:
                if event.event == "doc_update":
                    origin = sent_at.get(json.loads(event.data)["update"])
                    if origin and origin[1] != index:
                        latencies.append((time.perf_counter() - origin[0]) * 1000)
            seen = len(client.stream.events)
            await asyncio.sleep(0.002)

    async def stored_bytes() -> int:
        snapshot, log = await documents_repository.read_document(room_id)
        return len(snapshot or "") + sum(len(entry) for entry in log)

    peak_stored = 0

    async def watch_storage() -> None:
        # The servers compact every few hundred updates, so the size at the end alone says little.
        nonlocal peak_stored
        while True:
            peak_stored = max(peak_stored, await stored_bytes())
            await asyncio.sleep(0.2)

    measuring = [asyncio.create_task(measure(i, c)) for i, c in enumerate(clients)]
    measuring.append(asyncio.create_task(watch_storage()))
    await asyncio.gather(*[type_keys(i, c) for i, c in enumerate(clients)])
    await asyncio.sleep(1)
    for task in measuring:
        task.cancel()

    before = await stored_bytes()
    await service.compact(room_id)
    after = await stored_bytes()
    state_bytes = len(base64.b64encode(clients[0].doc.get_update()))
    text_length = len(clients[0].value)
    for client in clients:
        await client.__aexit__()
    expected = editors * (editors - 1) * int(rate * seconds)
    return {
        "benchmark": "rooms",
        "machine": machine(),
        "api_processes": len(api_urls),
        "editors": editors,
        "keystrokes_per_second_each": rate,
        "keystrokes": len(sent_at),
        "deliveries_measured": len(latencies),
        "deliveries_expected": expected,
        "latency_ms_p50": round(percentile(latencies, 0.5), 2),
        "latency_ms_p99": round(percentile(latencies, 0.99), 2),
        "document_characters": text_length,
        "update_bytes_sent_base64": bytes_sent,
        "stored_bytes_peak": max(peak_stored, before),
        "stored_bytes_before_final_compaction": before,
        "stored_bytes_after_compaction": after,
        # What a client's own copy of the CRDT encodes to (base64, as stored): the floor for `after`.
        "crdt_state_bytes_base64": state_bytes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--rate", type=float, default=5, help="keystrokes per second per editor")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with servers(args.processes) as running:
        result = asyncio.run(run(running.api_urls, args.editors, args.rate, args.seconds))
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>38}: {value}")


if __name__ == "__main__":
    main()

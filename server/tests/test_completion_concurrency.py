"""Python completions run jedi, whose helper process is not safe to share between threads: many
completions at once must all be answered (never a 500 from a garbled exchange with it)."""

import asyncio

import httpx

from tests.support.processes import ApiProcess


async def test_many_completions_at_once_are_all_answered(api: ApiProcess) -> None:
    codes = ["import os\nos.getcw", "import json\njson.lo", "", "from typing import Any\nAn", "import re\nre.comp"]
    async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
        for _ in range(3):
            answers = await asyncio.gather(
                *(
                    client.post("/api/code/complete", json={"code": code, "cursor_position": len(code)})
                    for code in codes * 4
                )
            )
            assert [a.status_code for a in answers] == [200] * len(answers), [a.text for a in answers if a.is_error]

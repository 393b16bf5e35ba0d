"""Completions: jedi for Python (names in scope, attributes, imports, signatures); keywords and
snippets for the other languages."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import jedi

from huddle.rooms.schemas import Completion

_WORD_BEFORE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*$")
_JS_KEYWORDS = [
    *"async await break case catch class const continue debugger default delete do else export".split(),
    *"extends false finally for function if import in instanceof let new null return super switch".split(),
    *"this throw true try typeof undefined var void while yield".split(),
]
_TS_EXTRA = "interface type enum implements private protected public readonly namespace declare keyof as".split()
_SNIPPETS = {
    "javascript": {
        "function": "function name(params) {\n  \n}",
        "console.log": "console.log()",
        "for": "for (let i = 0; i < n; i++) {\n  \n}",
        "arrow": "const name = (params) => {\n  \n};",
    },
    "json": {"true": "true", "false": "false", "null": "null"},
    "markdown": {"# ": "# Heading", "- ": "- item", "```": "```\ncode\n```", "[link]": "[text](url)"},
}
# jedi talks to one helper process per interpreter over a pipe; two threads at once garble the
# exchange (UnpicklingError, a 500). One thread runs them all; a call still queued when its caller
# gives up is cancelled before it starts.
_JEDI = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jedi")

_SNIPPETS["typescript"] = {**_SNIPPETS["javascript"], "interface": "interface Name {\n  \n}"}


def _python(code: str, position: int) -> tuple[int, list[Completion]]:
    before = code[:position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1)
    script = jedi.Script(code)
    found = script.complete(line, column)[:50]
    typed = _WORD_BEFORE.search(before)
    start = position - len(typed.group(0)) if typed else position
    completions = []
    for item in found:
        detail = None
        try:
            signatures = item.get_signatures()
            detail = signatures[0].to_string() if signatures else item.description
        except Exception:  # noqa: BLE001 - jedi inference can fail on half-written code
            detail = item.description
        completions.append(Completion(label=item.name, type=item.type, detail=detail, apply=item.name))
    return start, completions


def _keywords(language: str, code: str, position: int) -> tuple[int, list[Completion]]:
    match = _WORD_BEFORE.search(code[:position])
    prefix = match.group(0) if match else ""
    start = position - len(prefix)
    words = {"javascript": _JS_KEYWORDS, "typescript": _JS_KEYWORDS + _TS_EXTRA}.get(language, [])
    identifiers = set(re.findall(r"[A-Za-z_$][A-Za-z0-9_$]{2,}", code)) - {prefix}
    completions = [
        Completion(label=label, type="snippet", detail="snippet", apply=body)
        for label, body in _SNIPPETS.get(language, {}).items()
        if prefix and label.startswith(prefix)
    ]
    completions += [
        Completion(label=w, type="keyword", apply=w) for w in words if prefix and w.startswith(prefix) and w != prefix
    ]
    completions += [
        Completion(label=w, type="variable", apply=w) for w in sorted(identifiers) if prefix and w.startswith(prefix)
    ]
    return start, completions[:50]


async def complete(code: str, position: int, language: str) -> tuple[int, list[Completion]]:
    if language == "python":
        # jedi is CPU-bound and can be slow on big files: keep it off the event loop, and bounded.
        try:
            running = asyncio.get_running_loop().run_in_executor(_JEDI, _python, code, position)
            return await asyncio.wait_for(running, timeout=3)
        except TimeoutError:
            return position, []
    return _keywords(language, code, position)

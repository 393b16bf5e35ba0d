"""Completions: jedi for Python (names in scope, attributes, imports, signatures) after seed 003's
keyword snippets ("def " -> "function_name():\n    pass"); keywords and snippets for the other
languages. Private and generated module names (`_ssl`, mypyc's `<hash>__mypyc`) are never offered:
they are the server's installation, not something to write."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jedi

from huddle.rooms.schemas import Completion

_WORD_BEFORE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*$")
_JS_KEYWORDS = [
    *"async await break case catch class const continue debugger default delete do else export".split(),
    *"extends false finally for function if import in instanceof let new null return super switch".split(),
    *"this throw true try typeof undefined var void while yield".split(),
]
_TS_EXTRA = "interface type enum implements private protected public readonly namespace declare keyof as".split()
# Seed 003's triggers: a statement keyword and a space at the start of a line.
_PYTHON_SNIPPETS = {
    "def": "function_name():\n    pass",
    "class": "ClassName:\n    pass",
    "for": "item in items:\n    pass",
    "while": "condition:\n    pass",
    "if": "condition:\n    pass",
    "with": "open(path) as file:\n    pass",
    "try": ":\n    pass\nexcept Exception:\n    raise",
    "import": "numpy as np",
}
_STATEMENT_START = re.compile(r"(?:^|\n)([ \t]*)(def|class|for|while|if|with|try|import) $")
# jedi's caches and helper process are not thread-safe, and a call that timed out keeps running:
# one thread runs every call, in turn.
_JEDI = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jedi")
# jedi's first call in a process loads its caches (seconds on a busy machine); later ones are fast.
_FIRST_CALL_SECONDS = 15.0
_CALL_SECONDS = 3.0
_warmed = False
_GENERATED_NAME = re.compile(r"__mypyc|[0-9a-f]{12}")
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
_SNIPPETS["typescript"] = {**_SNIPPETS["javascript"], "interface": "interface Name {\n  \n}"}


def _python_snippet(before: str) -> Completion | None:
    match = _STATEMENT_START.search(before)
    if match is None:
        return None
    indent, keyword = match.groups()
    body = _PYTHON_SNIPPETS[keyword].replace("\n", "\n" + indent)
    return Completion(label=f"{keyword} …", type="snippet", detail="snippet", apply=body)


def _offered(name: str, kind: str) -> bool:
    if kind != "module":
        return True
    return name.isidentifier() and not name.startswith("_") and not _GENERATED_NAME.search(name)


def _python(code: str, position: int) -> tuple[int, list[Completion]]:
    before = code[:position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1)
    typed = _WORD_BEFORE.search(before)
    start = position - len(typed.group(0)) if typed else position
    try:
        found = [item for item in jedi.Script(code).complete(line, column) if _offered(item.name, item.type)]
    except Exception:  # noqa: BLE001 - jedi can fail on half-written code: no names then
        return start, []
    return start, _described(found[:50])


def _described(found: list[Any]) -> list[Completion]:
    completions = []
    for item in found:
        detail = None
        try:
            signatures = item.get_signatures()
            detail = signatures[0].to_string() if signatures else item.description
        except Exception:  # noqa: BLE001 - jedi inference can fail on half-written code
            detail = item.description
        completions.append(Completion(label=item.name, type=item.type, detail=detail, apply=item.name))
    return completions


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
        snippet = _python_snippet(code[:position])
        snippets = [snippet] if snippet else []
        # jedi is CPU-bound and can be slow on big files: keep it off the event loop, and bounded.
        global _warmed
        try:
            running = asyncio.get_running_loop().run_in_executor(_JEDI, _python, code, position)
            start, names = await asyncio.wait_for(running, timeout=_CALL_SECONDS if _warmed else _FIRST_CALL_SECONDS)
        except TimeoutError:
            return position, snippets
        _warmed = True
        return start, snippets + names
    return _keywords(language, code, position)

"""Hypothesis strategies for text a hostile client sends: all of Unicode including lone surrogates
and control characters, and text that looks like a placeholder, format or pattern to some layer
(Python's % and str.format, Lua's string.gsub, regex replacements, our own old `__ID__`)."""

from typing import Any

from hypothesis import strategies as st

PLACEHOLDER_LIKE = [
    "__ID__",
    "x__ID__",
    "%s",
    "%d",
    "%1",
    "%%",
    "%0",
    "%(name)s",
    "{0}",
    "{}",
    "{name}",
    "{{",
    "$1",
    "$&",
    "${x}",
    "\\1",
    "\\0",
    "%z",
    "[^,]+",
]
LONE_SURROGATES = ["\ud83d", "\ude00", "\ud800", "\udfff", "\ude00\ud83d"]
AWKWARD = ["\x00", "\U0001f600", "\u202e", "\ufeff", "\uffff", "\x7f", "\x1b", '"', "\\", "\n"]

# st.characters() leaves out surrogates unless asked for them by category.
ANY_CHARACTER = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),
    st.characters(categories=["Cc"]),
)
# What can be a URL's path segment or query value: no surrogates (UTF-8 cannot encode them), and
# none of the characters that end a segment or value before the server sees it.
_URL_ENDS = "#?/&="
URL_CHARACTER = st.one_of(st.characters(exclude_characters=_URL_ENDS), st.characters(categories=["Cc"]))

# Weighted towards the known troublemakers: a run has only so many examples per operation.
awkward_piece = st.sampled_from(LONE_SURROGATES + AWKWARD + PLACEHOLDER_LIKE)
hostile_text = st.one_of(
    awkward_piece,
    st.lists(st.one_of(awkward_piece, st.text(ANY_CHARACTER, max_size=4)), min_size=1, max_size=4).map("".join),
    st.text(ANY_CHARACTER, max_size=12),
)
url_text = st.one_of(
    st.sampled_from([text for text in PLACEHOLDER_LIKE if not set(text) & set(_URL_ENDS)]),
    st.text(URL_CHARACTER, min_size=1, max_size=12),
)
awkward_numbers = st.sampled_from([10**400, -(10**400), 2**63, 2**53 + 1, 1e308, -0.0, 12345678901234567890])


def spoiled(value: Any, text: st.SearchStrategy[str] = hostile_text, keys: bool = True) -> st.SearchStrategy[Any]:
    """`value` (parsed JSON) with some of its strings, numbers and (with `keys`) object keys
    replaced or extended by hostile ones. The original stays likely, so writes that pass
    validation still happen."""
    if isinstance(value, str):
        return st.one_of(st.just(value), text, text.map(lambda suffix: value + suffix))
    if isinstance(value, bool) or value is None:
        return st.just(value)
    if isinstance(value, int | float):
        return st.one_of(st.just(value), awkward_numbers)
    if isinstance(value, list):
        return st.tuples(*(spoiled(item, text, keys) for item in value)).map(list)
    if isinstance(value, dict):
        entries = [
            st.tuples(spoiled(key, text) if keys else st.just(key), spoiled(item, text, keys))
            for key, item in value.items()
        ]
        return st.tuples(*entries).map(dict)
    return st.just(value)

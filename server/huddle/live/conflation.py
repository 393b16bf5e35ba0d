"""Event types that carry absolute state (e.g. a poll's counts): a newer one replaces a queued one.

A stream sends at most one such event per topic and type every `CONFLATION_INTERVAL` seconds;
what arrives meanwhile replaces the pending one, so a busy poll never builds a backlog.
"""

CONFLATION_INTERVAL = 0.1

_conflatable: set[str] = set()


def register_conflatable(event_type: str) -> None:
    _conflatable.add(event_type)


def is_conflatable(event_type: str) -> bool:
    return event_type in _conflatable

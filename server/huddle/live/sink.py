"""What the hub delivers to: one open stream, seen from the hub's side."""

from typing import Protocol

from huddle.live.events import LiveEvent


class Sink(Protocol):
    def deliver(self, event: LiveEvent) -> None:
        """Take an event without blocking the hub (a full sink drops and flags itself)."""

    def gap(self) -> None:
        """Events may have been missed (the pub/sub connection dropped); recover from history."""

"""What the hub delivers to: one open stream, seen from the hub's side."""

from typing import Protocol

from huddle.live.events import LiveEvent


class Sink(Protocol):
    def deliver(self, event: LiveEvent) -> None:
        """Take an event without blocking the hub (a full sink drops and flags itself)."""

    def gap(self, topic: str) -> None:
        """Events of `topic` may have been missed (the pub/sub connection dropped): recover them
        from history. Called once Redis has confirmed the topic's new subscription and before any
        message of the new subscription is delivered, so history read then covers the gap."""

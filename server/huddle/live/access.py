"""Who may read which topic. Each domain registers a rule for its topic kind (`poll`, `workspace`...)."""

from collections.abc import Awaitable, Callable

from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.live.topics import is_valid_topic, topic_kind

# Raises ApiError (401/403/404) when `user` may not read `topic`.
TopicRule = Callable[[PublicUser | None, str], Awaitable[None]]
# The same, for topics anyone may read whose ids can be guessed: it also gets the caller's address.
AddressedTopicRule = Callable[[PublicUser | None, str, str], Awaitable[None]]


class TopicAccess:
    def __init__(self) -> None:
        self._rules: dict[str, TopicRule] = {}
        self._addressed_rules: dict[str, AddressedTopicRule] = {}

    def register(self, kind: str, rule: TopicRule) -> None:
        self._rules[kind] = rule

    def register_addressed(self, kind: str, rule: AddressedTopicRule) -> None:
        self._addressed_rules[kind] = rule

    async def check(self, user: PublicUser | None, topics: list[str], address: str = "unknown") -> None:
        for topic in topics:
            if not is_valid_topic(topic):
                raise ApiError(422, f"'{topic[:80]}' is not a valid topic name", field="topic")
            kind = topic_kind(topic)
            addressed = self._addressed_rules.get(kind)
            if addressed is not None:
                await addressed(user, topic, address)
                continue
            rule = self._rules.get(kind)
            if rule is None:
                raise ApiError(422, f"unknown topic '{topic}'", field="topic")
            await rule(user, topic)


topic_access = TopicAccess()

"""Who may read which topic. Each domain registers a rule for its topic kind (`poll`, `workspace`...)."""

from collections.abc import Awaitable, Callable

from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.live.topics import is_valid_topic, topic_kind

# Raises ApiError (401/403/404) when `user` may not read `topic`.
TopicRule = Callable[[PublicUser | None, str], Awaitable[None]]


class TopicAccess:
    def __init__(self) -> None:
        self._rules: dict[str, TopicRule] = {}

    def register(self, kind: str, rule: TopicRule) -> None:
        self._rules[kind] = rule

    async def check(self, user: PublicUser | None, topics: list[str]) -> None:
        for topic in topics:
            if not is_valid_topic(topic):
                raise ApiError(422, f"'{topic[:80]}' is not a valid topic name", field="topic")
            rule = self._rules.get(topic_kind(topic))
            if rule is None:
                raise ApiError(422, f"unknown topic '{topic}'", field="topic")
            await rule(user, topic)


topic_access = TopicAccess()

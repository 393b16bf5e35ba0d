from huddle.live.cursor import decode_cursor, encode_cursor


def test_a_cursor_round_trips_across_topics() -> None:
    cursor = {"presence": "1732240000000-0", "poll:42": "1732240000123-3", "workspace:ab_c-1": "0-0"}
    assert decode_cursor(encode_cursor(cursor)) == cursor


def test_malformed_parts_are_dropped_not_fatal() -> None:
    raw = "presence=12-3;poll:1=not-an-id;Bad Topic=1-1;=5-5;poll:2;poll:3=7"
    assert decode_cursor(raw) == {"presence": "12-3", "poll:3": "7"}
    assert decode_cursor(None) == {} and decode_cursor("") == {}

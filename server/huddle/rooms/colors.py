"""The colours of a room's participants: each gets the first one nobody in the room holds.

Every colour carries white text (names on cursors, initials on avatars) at a contrast of at least
4.5:1 (WCAG AA); tests/test_rooms_colors.py checks it. The claim itself is Lua in
participants_repository, so two people joining at once on two processes never share one.
"""

PALETTE = (
    "#b91c1c",  # red
    "#1d4ed8",  # blue
    "#15803d",  # green
    "#7e22ce",  # purple
    "#c2410c",  # orange
    "#0e7490",  # cyan
    "#be185d",  # pink
    "#4d7c0f",  # lime
    "#4338ca",  # indigo
    "#a16207",  # amber
    "#0f766e",  # teal
    "#a21caf",  # fuchsia
    "#374151",  # slate
    "#9f1239",  # rose
)

/** Navigate within code.html (/code and /code/{id} are one page) without a page load. */
export function goToRoom(roomId: string | null): void {
  window.history.pushState(null, "", roomId ? `/code/${roomId}` : "/code");
}

/** A room id as the server mints them (server/huddle/rooms/schemas.py ROOM_ID_PATTERN). */
export function isRoomId(value: string): boolean {
  return /^[0-9a-f]{6}$/.test(value);
}

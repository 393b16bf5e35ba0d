/** Navigate within code.html (/code and /code/{id} are one page) without a page load. */
export function goToRoom(roomId: string | null): void {
  window.history.pushState(null, "", roomId ? `/code/${roomId}` : "/code");
}

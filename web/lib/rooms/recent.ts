/** Rooms this browser created or opened recently (localStorage), most recent first. */

const KEY = "huddle:recent-rooms";
const MAX = 8;

export interface RecentRoom {
  id: string;
  createdAt: number;
}

export function loadRecentRooms(): RecentRoom[] {
  if (typeof window === "undefined") return [];
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "[]");
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (r): r is RecentRoom =>
        typeof r === "object" && r !== null && typeof (r as RecentRoom).id === "string" && typeof (r as RecentRoom).createdAt === "number",
    );
  } catch {
    return [];
  }
}

export function rememberRoom(id: string): void {
  if (typeof window === "undefined") return;
  const next = [{ id, createdAt: Date.now() }, ...loadRecentRooms().filter((r) => r.id !== id)].slice(0, MAX);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // storage full or disabled: not worth an error
  }
}

export function forgetRoom(id: string): void {
  if (typeof window === "undefined") return;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(loadRecentRooms().filter((r) => r.id !== id)));
  } catch {
    // ignore
  }
}

"use client";

import { readableOnWhiteText } from "@/lib/color";
import type { User } from "@/lib/types";

export function initials(user: Pick<User, "display_name" | "username">): string {
  const name = user.display_name.trim() || user.username;
  const parts = name.split(/\s+/).filter(Boolean);
  const first = parts[0] ?? name;
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const chars = last ? [...first][0] + ([...last][0] ?? "") : [...first].slice(0, 2).join("");
  return (chars ?? "?").toUpperCase();
}

export function Avatar({
  user,
  size = 28,
  online = false,
}: {
  user: Pick<User, "display_name" | "username" | "color">;
  size?: number;
  online?: boolean;
}) {
  const color = readableOnWhiteText(user.color);
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4), backgroundColor: color }}
      aria-hidden="true"
      title={user.display_name || user.username}
    >
      {initials(user)}
      {online ? <span className="avatar-dot" /> : null}
    </span>
  );
}

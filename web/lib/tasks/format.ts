/** Labels and display text of task fields and values. */
import type { FieldDefinition, Member } from "@/lib/types";

export const STATUS_LABELS: Record<string, string> = {
  backlog: "Backlog",
  todo: "Todo",
  in_progress: "In progress",
  done: "Done",
  canceled: "Canceled",
};

export const PRIORITY_LABELS: Record<string, string> = {
  none: "No priority",
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

/** A glyph per priority (bars, like Linear; "!" for urgent). */
export const PRIORITY_GLYPHS: Record<string, string> = {
  none: "—",
  low: "▂",
  medium: "▂▄",
  high: "▂▄▆",
  urgent: "!",
};

const BUILTIN_NAMES: Record<string, string> = {
  title: "title",
  description: "description",
  status: "status",
  priority: "priority",
  assignee: "assignee",
  dueDate: "due date",
  labels: "labels",
};

/** Lower-case name of a field for sentences ("changed status"); custom fields keep their name. */
export function fieldName(fields: readonly FieldDefinition[] | undefined, id: string): string {
  if (BUILTIN_NAMES[id]) return BUILTIN_NAMES[id];
  return fields?.find((f) => f.id === id)?.name ?? id;
}

export function memberName(members: readonly Member[] | undefined, userId: string): string {
  const user = members?.find((m) => m.user.id === userId)?.user;
  return user ? user.display_name || user.username : "someone";
}

/** Human text of a field value ("Done", "Ada", "Mar 5, 2026", "bug, ui", "none"). */
export function displayValue(field: string, value: unknown, members?: readonly Member[]): string {
  if (value === null || value === undefined || value === "") return "none";
  if (field === "status" && typeof value === "string") return STATUS_LABELS[value] ?? value;
  if (field === "priority" && typeof value === "string") return PRIORITY_LABELS[value] ?? value;
  if (field === "assignee" && typeof value === "string") return memberName(members, value);
  if (field === "dueDate" && typeof value === "string") return formatDay(value);
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "none";
  const text = String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** "2026-03-05" -> "Mar 5" (or "Mar 5, 2027" in another year). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  const date = new Date(y, m - 1, d);
  const sameYear = y === new Date().getFullYear();
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric", year: sameYear ? undefined : "numeric" });
}

/** Suggested workspace key from its name: "Platform Engineering" -> "PE", "Design" -> "DES". */
export function suggestKey(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/[^A-Za-z\s]/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return "";
  const key = words.length > 1 ? words.map((w) => w[0]).join("") : (words[0] ?? "").slice(0, 3);
  return key.toUpperCase().slice(0, 5).padEnd(2, (words[0] ?? "X")[1]?.toUpperCase() ?? "X");
}

/** Labels as an array of strings (the server stores string[]). */
export function labelsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

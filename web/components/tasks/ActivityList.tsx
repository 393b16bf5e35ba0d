"use client";

import { Avatar } from "@/components/Avatar";
import { formatAge, formatFull, useNow } from "@/lib/feed/time";
import { displayValue, fieldName } from "@/lib/tasks/format";
import { useActivity } from "@/lib/tasks/hooks";
import type { ActivityEntry, FieldDefinition, Member } from "@/lib/types";

const ago = (iso: string, now: number) => {
  const age = formatAge(iso, now);
  return /^\d+[mhd]$/.test(age) ? `${age} ago` : age;
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// Free text can be long and span lines: one line, cut short, quoted, so an entry stays one glance.
const TEXT_PREVIEW = 60;
function isText(field: string, fields: readonly FieldDefinition[]): boolean {
  return field === "title" || field === "description" || fields.find((f) => f.id === field)?.type === "text";
}

function shown(field: string, value: unknown, fields: readonly FieldDefinition[], members: readonly Member[]): string {
  if (!isText(field, fields) || typeof value !== "string" || value === "") return displayValue(field, value, members);
  const line = value.replace(/\s+/g, " ").trim();
  return `“${line.length > TEXT_PREVIEW ? `${line.slice(0, TEXT_PREVIEW - 1)}…` : line}”`;
}

// Initial values in the order the panel shows fields; custom fields after, description last.
const CREATED_ORDER = ["title", "status", "priority", "assignee", "dueDate", "labels"];
const createdRank = (field: string) => {
  if (field === "description") return CREATED_ORDER.length + 1;
  const at = CREATED_ORDER.indexOf(field);
  return at === -1 ? CREATED_ORDER.length : at;
};

interface Described {
  lines: string[];
  details: string[];
}

function describe(entry: ActivityEntry, fields: readonly FieldDefinition[], members: readonly Member[]): Described {
  const name = (field: string) => capitalize(fieldName(fields, field));
  const value = (field: string, v: unknown) => shown(field, v, fields, members);
  if (entry.kind === "created") {
    const details = entry.changes
      .filter((c) => c.to !== null && c.to !== undefined)
      .sort((a, b) => createdRank(a.field) - createdRank(b.field))
      .map((c) => `${name(c.field)}: ${value(c.field, c.to)}`);
    return { lines: ["created the task"], details };
  }
  if (entry.kind !== "updated") return { lines: [`${entry.kind} the task`], details: [] };
  const lines = entry.changes.map((c) => {
    const empty = (v: unknown) => v === null || v === undefined;
    if (empty(c.from)) return `set ${name(c.field)} to ${value(c.field, c.to)}`;
    if (empty(c.to)) return `cleared ${name(c.field)} (was ${value(c.field, c.from)})`;
    return `changed ${name(c.field)} from ${value(c.field, c.from)} to ${value(c.field, c.to)}`;
  });
  return { lines, details: [] };
}

/** Who changed what, newest first (refetched when the task changes). */
export function ActivityList({
  taskId,
  fields,
  members,
}: {
  taskId: string;
  fields: readonly FieldDefinition[];
  members: readonly Member[];
}) {
  const activity = useActivity(taskId);
  const now = useNow();

  if (activity.isPending) return <p className="muted tp-activity-note">Loading activity…</p>;
  if (activity.isError) {
    return (
      <p className="muted tp-activity-note">
        Couldn&apos;t load the activity.{" "}
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void activity.refetch()}>
          Retry
        </button>
      </p>
    );
  }

  return (
    <ol className="tp-activity" data-testid="activity-list">
      {activity.data.map((entry, i) => {
        const who = entry.actor ? entry.actor.display_name || entry.actor.username : "Someone";
        const { lines, details } = describe(entry, fields, members);
        return (
          <li key={`${entry.at}-${i}`} className="tp-activity-item">
            {entry.actor ? <Avatar user={entry.actor} size={20} /> : <span className="tt-unassigned-icon" />}
            <div className="tp-activity-text">
              {lines.map((line, j) => (
                <p key={j}>
                  <strong>{who}</strong> {line}
                </p>
              ))}
              {details.length > 0 && (
                <ul className="tp-activity-details" data-testid="activity-initial-values">
                  {details.map((detail, j) => (
                    <li key={j}>{detail}</li>
                  ))}
                </ul>
              )}
              <time className="muted tp-activity-time" dateTime={entry.at} title={formatFull(entry.at)}>
                {ago(entry.at, now)}
              </time>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

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

function describe(entry: ActivityEntry, fields: readonly FieldDefinition[], members: readonly Member[]): string[] {
  if (entry.kind !== "updated") return [`${entry.kind} the task`];
  return entry.changes.map((c) => {
    const name = capitalize(fieldName(fields, c.field));
    if (c.field === "description" || c.field === "title") return `changed ${name} to “${displayValue(c.field, c.to, members)}”`;
    if (c.from === null || c.from === undefined) return `set ${name} to ${displayValue(c.field, c.to, members)}`;
    if (c.to === null || c.to === undefined) return `cleared ${name}`;
    return `changed ${name} from ${displayValue(c.field, c.from, members)} to ${displayValue(c.field, c.to, members)}`;
  });
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
        return (
          <li key={`${entry.at}-${i}`} className="tp-activity-item">
            {entry.actor ? <Avatar user={entry.actor} size={20} /> : <span className="tt-unassigned-icon" />}
            <div className="tp-activity-text">
              {describe(entry, fields, members).map((line, j) => (
                <p key={j}>
                  <strong>{who}</strong> {line}
                </p>
              ))}
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

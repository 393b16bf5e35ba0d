"use client";

import { Avatar } from "@/components/Avatar";
import type { Member } from "@/lib/types";

/** Native select of a workspace member (or "Unassigned"), with the chosen member's avatar. */
export function AssigneeSelect({
  value,
  members,
  onChange,
  disabled,
  testId,
}: {
  value: string | null;
  members: readonly Member[];
  onChange: (next: string | null) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const chosen = members.find((m) => m.user.id === value)?.user;
  const unknown = value && !chosen;
  return (
    <span className="tt-select-wrap">
      {chosen ? (
        <span className="tt-select-avatar">
          <Avatar user={chosen} size={18} />
        </span>
      ) : (
        <span className="tt-unassigned-icon" aria-hidden="true" />
      )}
      <select
        className={`tt-select tt-select-avatarred${value ? "" : " tt-select-empty"}`}
        aria-label="Assignee"
        title={chosen ? chosen.display_name || chosen.username : "Unassigned"}
        value={value ?? ""}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">Unassigned</option>
        {unknown ? <option value={value}>Former member</option> : null}
        {members.map((m) => (
          <option key={m.user.id} value={m.user.id}>
            {m.user.display_name || m.user.username}
          </option>
        ))}
      </select>
    </span>
  );
}

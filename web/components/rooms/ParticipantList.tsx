"use client";

import { Avatar } from "@/components/Avatar";
import type { Participant } from "@/lib/types";

const MAX_SHOWN = 6;

/** Everyone in the room: coloured avatars, "(you)" and a guest badge; new arrivals fade in. */
export function ParticipantList({ participants, meId }: { participants: Participant[]; meId: string | undefined }) {
  // You first, then in order of arrival.
  const sorted = [...participants].sort((a, b) => Number(b.id === meId) - Number(a.id === meId));
  const shown = sorted.slice(0, MAX_SHOWN);
  const hidden = sorted.slice(MAX_SHOWN);

  return (
    <ul className="room-participants" data-testid="participants" aria-label={`${participants.length} in this room`}>
      {shown.map((p) => {
        const you = p.id === meId;
        const label = `${p.name}${you ? " (you)" : ""}${p.guest ? " · guest" : ""}`;
        return (
          <li key={p.id} className="room-participant" data-testid={`participant-${p.id}`} title={label}>
            <span className="room-participant-ring" style={{ borderColor: p.color }}>
              <Avatar user={{ display_name: p.name, username: p.name, color: p.color }} size={24} />
            </span>
            <span className="room-participant-name">
              {p.name}
              {you ? <span className="muted"> (you)</span> : null}
            </span>
            {p.guest ? <span className="room-guest-badge">guest</span> : null}
          </li>
        );
      })}
      {hidden.length ? (
        <li className="room-participant room-participant-more" title={hidden.map((p) => p.name).join(", ")}>
          +{hidden.length}
        </li>
      ) : null}
    </ul>
  );
}

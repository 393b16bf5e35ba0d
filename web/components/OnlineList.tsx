"use client";

import { Avatar } from "@/components/Avatar";
import { useConnectionState } from "@/components/ConnectionStatus";
import { usePresence } from "@/lib/presence/hooks";
import type { User } from "@/lib/types";

function sortUsers(users: User[], meId: string | undefined): User[] {
  return users.slice().sort((a, b) => {
    if (a.id === meId) return -1;
    if (b.id === meId) return 1;
    return (a.display_name || a.username).localeCompare(b.display_name || b.username);
  });
}

export function OnlineList({ me }: { me: User }) {
  const presence = usePresence();
  // While the stream is down nobody's coming or going reaches us: show the list as last known.
  const stale = useConnectionState() === "offline";

  // Viewing the app means you are online, even if your own event hasn't arrived yet.
  const users = presence.data
    ? sortUsers(presence.data.some((u) => u.id === me.id) ? presence.data : [me, ...presence.data], me.id)
    : [];

  return (
    <section className="online" aria-labelledby="online-heading">
      <div className="sidebar-section-header">
        <h2 id="online-heading" className="sidebar-section-title">
          Who&apos;s online
        </h2>
        {presence.isSuccess ? (
          <span className="count-badge" data-testid="online-count" aria-label={`${users.length} online`}>
            {users.length}
          </span>
        ) : null}
      </div>

      {presence.isPending ? (
        <ul className="online-list" aria-busy="true" aria-label="Loading who's online">
          {[0, 1, 2].map((i) => (
            <li key={i} className="online-row">
              <span className="skeleton skeleton-circle" />
              <span className="skeleton skeleton-line" style={{ width: `${70 - i * 15}%` }} />
            </li>
          ))}
        </ul>
      ) : presence.isError ? (
        <div className="online-error" role="alert">
          <p>Couldn&apos;t load who&apos;s online.</p>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void presence.refetch()}>
            Retry
          </button>
        </div>
      ) : (
        <ul
          className={`online-list${stale ? " online-list-stale" : ""}`}
          data-testid="online-list"
          data-stale={stale}
          aria-describedby={stale ? "online-stale-note" : undefined}
        >
          {stale ? (
            <li id="online-stale-note" className="online-empty muted">
              Offline: last known, may be out of date.
            </li>
          ) : null}
          {users.map((u) => (
            <li key={u.id} className="online-row" data-testid={`online-user-${u.username}`}>
              <Avatar user={u} size={24} online={!stale} />
              <span className="online-name" title={`@${u.username}`}>
                {u.display_name || u.username}
                {u.id === me.id ? <span className="muted"> (you)</span> : null}
              </span>
            </li>
          ))}
          {users.length === 1 ? <li className="online-empty muted">Nobody else is online right now.</li> : null}
        </ul>
      )}
    </section>
  );
}

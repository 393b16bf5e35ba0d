"use client";

import { useEffect, useState, type FormEvent } from "react";

import { Avatar } from "@/components/Avatar";
import { PageHeader } from "@/components/EmptyState";
import { backendFetch, isApiError } from "@/lib/BackendContext";
import { parseRoomInput } from "@/lib/rooms/api";
import { useCreateRoom, useRoom } from "@/lib/rooms/hooks";
import { goToRoom } from "@/lib/rooms/nav";
import { LANGUAGES, isRoomLanguage } from "@/lib/rooms/languages";
import { loadRecentRooms, type RecentRoom } from "@/lib/rooms/recent";
import type { RoomLanguage } from "@/lib/types";

function timeAgo(ms: number): string {
  const mins = Math.round((Date.now() - ms) / 60_000);
  if (mins < 1) return "just now";
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  return hours < 24 ? `${hours} h ago` : `${Math.round(hours / 24)} d ago`;
}

const MAX_FACES = 5;

/** One of your rooms: its id, when you were last in it, and who is in it now. */
function RecentRoomRow({ room }: { room: RecentRoom }) {
  const live = useRoom(room.id, { refetchInterval: 15_000 });
  const people = live.data?.participants ?? [];
  return (
    <li data-testid={`recent-room-${room.id}`}>
      <a
        href={`/code/${room.id}`}
        onClick={(e) => {
          e.preventDefault();
          goToRoom(room.id);
        }}
      >
        <code>{room.id}</code>
      </a>
      <span className="muted">{timeAgo(room.createdAt)}</span>
      <span className="rooms-here" data-testid={`room-here-${room.id}`}>
        {live.isError ? (
          <span className="muted">{live.error.status === 404 ? "closed" : "couldn't check"}</span>
        ) : live.isPending ? null : people.length === 0 ? (
          <span className="muted">nobody here</span>
        ) : (
          <>
            <span className="rooms-faces" aria-hidden="true">
              {people.slice(0, MAX_FACES).map((p) => (
                <Avatar key={p.id} user={{ display_name: p.name, username: p.name, color: p.color }} size={20} />
              ))}
            </span>
            <span className="rooms-here-names">
              {people.length === 1 ? `${people[0]?.name} is here` : `${people.length} here: ${people.map((p) => p.name).join(", ")}`}
            </span>
          </>
        )}
      </span>
    </li>
  );
}

export function RoomsLanding() {
  const create = useCreateRoom();
  const [language, setLanguage] = useState<RoomLanguage>("python");
  const [joinValue, setJoinValue] = useState("");
  const [joinError, setJoinError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [recent, setRecent] = useState<RecentRoom[]>([]);

  useEffect(() => setRecent(loadRecentRooms()), []);

  const onJoin = async (e: FormEvent) => {
    e.preventDefault();
    const id = parseRoomInput(joinValue);
    if (!id) {
      setJoinError("Enter a 6-character room id (like 3fa9c1) or paste a room link.");
      return;
    }
    setChecking(true);
    try {
      const res = await backendFetch<{ exists: boolean }>(`/rooms/${id}/exists`);
      if (res.exists) goToRoom(id);
      else setJoinError(`No room “${id}”. It may have expired.`);
    } catch (err) {
      // Can't check: open it anyway, the room page explains what is wrong.
      if (isApiError(err) && err.status === 404) setJoinError(`No room “${id}”. It may have expired.`);
      else goToRoom(id);
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="page rooms-landing">
      <PageHeader title="Code rooms" subtitle="Write code together in real time. Anyone with the link can join, no account needed." />

      <section className="rooms-card">
        <h2 className="rooms-card-title">Start a room</h2>
        <div className="rooms-row">
          <select
            className="input rooms-language"
            aria-label="Language of the new room"
            value={language}
            onChange={(e) => isRoomLanguage(e.target.value) && setLanguage(e.target.value)}
          >
            {LANGUAGES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="new-room"
            disabled={create.isPending}
            onClick={() => create.mutate(language, { onSuccess: (r) => goToRoom(r.room_id) })}
          >
            {create.isPending ? "Creating…" : "New room"}
          </button>
        </div>
        <p className="muted rooms-expiry" data-testid="room-expiry-hint">
          A room closes after 2 hours without activity (the server&apos;s default), so copy out what you want to keep.
        </p>
      </section>

      <section className="rooms-card">
        <h2 className="rooms-card-title">Join a room</h2>
        <form className={`rooms-row${joinError ? " field-invalid" : ""}`} onSubmit={(e) => void onJoin(e)} noValidate>
          <input
            className="input"
            data-testid="join-room-input"
            placeholder="Room id or link"
            aria-label="Room id or link"
            aria-invalid={joinError ? true : undefined}
            value={joinValue}
            onChange={(e) => {
              setJoinValue(e.target.value);
              setJoinError(null);
            }}
          />
          <button type="submit" className="btn btn-secondary" data-testid="join-room-submit" disabled={checking || !joinValue.trim()}>
            {checking ? "Checking…" : "Join"}
          </button>
        </form>
        {joinError ? <p className="field-error" role="alert">{joinError}</p> : null}
      </section>

      {recent.length ? (
        <section className="rooms-card">
          <h2 className="rooms-card-title">Your rooms</h2>
          <ul className="rooms-recent" data-testid="recent-rooms">
            {recent.map((r) => (
              <RecentRoomRow key={r.id} room={r} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

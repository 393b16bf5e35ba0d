"use client";

import { useEffect } from "react";

import { EmptyState } from "@/components/EmptyState";
import { RoomsIcon } from "@/components/icons";
import { CodeEditor } from "@/components/rooms/CodeEditor";
import { RoomHeader, type ConnectionState } from "@/components/rooms/RoomHeader";
import { Spinner } from "@/components/Spinner";
import { useSSEStatus } from "@/lib/BackendContext";
import { useCreateRoom, useSetLanguage } from "@/lib/rooms/hooks";
import { goToRoom } from "@/lib/rooms/nav";
import { forgetRoom } from "@/lib/rooms/recent";
import { useRoomSession } from "@/lib/rooms/useRoomSession";

export function RoomView({ roomId }: { roomId: string }) {
  const session = useRoomSession(roomId);
  const setLanguage = useSetLanguage(roomId);
  const create = useCreateRoom();
  const sse = useSSEStatus();

  useEffect(() => {
    if (session.notFound) forgetRoom(roomId);
  }, [session.notFound, roomId]);

  if (session.notFound) {
    return (
      <div className="room-state" data-testid="room-not-found">
        <EmptyState
          icon={<RoomsIcon width={28} height={28} />}
          title="This room doesn't exist"
          description={`There is no room “${roomId}”. It may have expired, or the link is mistyped.`}
        >
          <button
            type="button"
            className="btn btn-primary"
            disabled={create.isPending}
            onClick={() => create.mutate(undefined, { onSuccess: (r) => goToRoom(r.room_id) })}
          >
            {create.isPending ? "Creating…" : "Create a new room"}
          </button>
        </EmptyState>
      </div>
    );
  }

  if (session.error) {
    return (
      <div className="room-state" role="alert">
        <p className="error-title">Couldn&apos;t open the room</p>
        <p className="muted">{session.error.detail}</p>
        <button type="button" className="btn btn-primary" onClick={session.retry}>
          Try again
        </button>
      </div>
    );
  }

  const { room, me, provider, sync } = session;
  if (session.loading || !room || !provider || !sync) {
    return (
      <div className="room-state" data-testid="room-loading">
        <Spinner size={24} label="Opening the room" />
        <span className="muted">Opening room {roomId}…</span>
      </div>
    );
  }

  const offline = sse === "reconnecting" || sync.failing;
  const connection: ConnectionState = offline ? "offline" : sse === "open" ? "live" : "connecting";
  const participants = me && !room.participants.some((p) => p.id === me.id) ? [me, ...room.participants] : room.participants;

  return (
    <div className="room">
      <RoomHeader
        roomId={roomId}
        language={room.language}
        onLanguageChange={(language) => setLanguage.mutate(language)}
        participants={participants}
        meId={me?.id}
        connection={connection}
        saving={sync.pending > 0}
      />
      {offline ? (
        <div className="room-banner" role="status">
          Connection lost. Keep typing: your changes are kept and will sync when the connection is back.
        </div>
      ) : null}
      <CodeEditor provider={provider} generation={sync.generation} language={room.language} />
    </div>
  );
}

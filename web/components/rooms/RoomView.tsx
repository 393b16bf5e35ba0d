"use client";

import { useEffect } from "react";

import { NotFound } from "@/components/NotFound";
import { CodeEditor } from "@/components/rooms/CodeEditor";
import { RoomHeader, type ConnectionState } from "@/components/rooms/RoomHeader";
import { Spinner } from "@/components/Spinner";
import { useSSEStatus } from "@/lib/BackendContext";
import { useCreateRoom, useSetLanguage } from "@/lib/rooms/hooks";
import { goToRoom, isRoomId } from "@/lib/rooms/nav";
import { forgetRoom, rememberRoom } from "@/lib/rooms/recent";
import { useRoomSession } from "@/lib/rooms/useRoomSession";

export function RoomView({ roomId }: { roomId: string }) {
  const session = useRoomSession(roomId);
  const setLanguage = useSetLanguage(roomId);
  const create = useCreateRoom();
  const sse = useSSEStatus();

  const opened = Boolean(session.room);
  useEffect(() => {
    if (session.notFound) forgetRoom(roomId);
    else if (opened) rememberRoom(roomId); // joined by link counts too, not only rooms created here
  }, [session.notFound, opened, roomId]);

  if (session.notFound) {
    return (
      <div className="room-state" data-testid="room-not-found">
        <NotFound
          testId="not-found"
          title={isRoomId(roomId) ? "This room doesn't exist" : "That isn't a room link"}
          description={
            isRoomId(roomId)
              ? `There is no room “${roomId}”. Rooms expire after a while without activity, or the link is mistyped.`
              : `Room links end in six letters and digits, like /code/3f9a1c. Check the link you were sent.`
          }
        >
          <button
            type="button"
            className="btn btn-primary"
            disabled={create.isPending}
            onClick={() => create.mutate(undefined, { onSuccess: (r) => goToRoom(r.room_id) })}
          >
            {create.isPending ? "Creating…" : "Create a new room"}
          </button>
        </NotFound>
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

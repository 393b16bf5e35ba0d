"use client";

import { CodeShell } from "@/components/rooms/CodeShell";
import { RoomView } from "@/components/rooms/RoomView";
import { RoomsLanding } from "@/components/rooms/RoomsLanding";
import { FullPageLoader } from "@/components/Spinner";
import { useDocumentTitle } from "@/lib/useDocumentTitle";
import { useSubPath } from "@/lib/useSubPath";

import "./rooms.css";

/** `/code` = rooms landing; `/code/{roomId}` = the shared editor (both served as code.html). */
export default function CodePage() {
  const sub = useSubPath("/code");
  useDocumentTitle(sub === null ? null : sub[0] ? `Room ${sub[0].toLowerCase()}` : "Code rooms");
  if (sub === null) return <FullPageLoader />;
  const roomId = sub?.[0]?.toLowerCase();
  return <CodeShell>{roomId ? <RoomView key={roomId} roomId={roomId} /> : <RoomsLanding />}</CodeShell>;
}

"use client";

import { EmptyState, PageHeader } from "@/components/EmptyState";
import { RoomsIcon } from "@/components/icons";
import { useSubPath } from "@/lib/useSubPath";

export default function RoomsPage() {
  // Deep links like /rooms/<id> are served this page; read the id client-side.
  const sub = useSubPath("/rooms");
  const roomId = sub?.[0];

  return (
    <div className="page">
      <PageHeader title="Rooms" subtitle="Real-time conversations" />
      {roomId ? (
        <EmptyState
          icon={<RoomsIcon width={28} height={28} />}
          title={`Nothing at “${roomId}”`}
          description="There are no rooms here yet, so this link doesn't point to anything. Check the link or ask whoever shared it."
        />
      ) : (
        <EmptyState
          icon={<RoomsIcon width={28} height={28} />}
          title="No rooms yet"
          description="Rooms are live chat spaces for a topic or project. The rooms you belong to are listed here."
        />
      )}
    </div>
  );
}

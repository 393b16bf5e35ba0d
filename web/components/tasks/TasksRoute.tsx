"use client";

import { JoinByLink } from "@/components/tasks/JoinByLink";
import { WorkspacePicker } from "@/components/tasks/WorkspacePicker";
import { WorkspaceView } from "@/components/tasks/WorkspaceView";
import { useDocumentTitle } from "@/lib/useDocumentTitle";
import { useSubPath } from "@/lib/useSubPath";

/** Routes under /tasks (read client-side: the server serves tasks.html for every deep link). */
export function TasksRoute() {
  const sub = useSubPath("/tasks");
  useDocumentTitle("Tasks");
  if (sub === null) return null;
  const [first, second] = sub;
  if (!first) return <WorkspacePicker />;
  if (first === "join") return <JoinByLink code={second ?? ""} />;
  return <WorkspaceView key={first} workspaceId={first} taskId={second ?? null} />;
}

"use client";

import { useRef, useState } from "react";

import { JoinByLink } from "@/components/tasks/JoinByLink";
import { WorkspacePicker } from "@/components/tasks/WorkspacePicker";
import { WorkspaceView } from "@/components/tasks/WorkspaceView";
import { loadedAtPath } from "@/lib/shell/navigation";
import { useDocumentTitle } from "@/lib/useDocumentTitle";
import { useSubPath } from "@/lib/useSubPath";

let tasksPageMounts = 0;

/** Routes under /tasks (read client-side: the server serves tasks.html for every deep link). */
export function TasksRoute() {
  // "Tasks" in the navigation reopens the last workspace; a tab loaded at /tasks itself, or coming
  // back to the list from a workspace, shows the list.
  const [reopenLast] = useState(() => {
    tasksPageMounts += 1;
    return !(tasksPageMounts === 1 && loadedAtPath.replace(/\/+$/, "") === "/tasks");
  });
  const mayReopen = useRef(reopenLast);
  const sub = useSubPath("/tasks");
  useDocumentTitle("Tasks");
  if (sub === null) return null;
  const [first, second] = sub;
  if (first) mayReopen.current = false;
  if (!first) return <WorkspacePicker reopenLast={mayReopen.current} onReopened={() => (mayReopen.current = false)} />;
  if (first === "join") return <JoinByLink code={second ?? ""} />;
  return <WorkspaceView key={first} workspaceId={first} taskId={second ?? null} />;
}

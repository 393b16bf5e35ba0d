"use client";

import { EmptyState, PageHeader } from "@/components/EmptyState";
import { TasksIcon } from "@/components/icons";
import { useSubPath } from "@/lib/useSubPath";

export default function TasksPage() {
  // Deep links like /tasks/<id> are served this page; read the id client-side.
  const sub = useSubPath("/tasks");
  const taskId = sub?.[0];

  return (
    <div className="page">
      <PageHeader title="Tasks" subtitle="Work your team is tracking" />
      {taskId ? (
        <EmptyState
          icon={<TasksIcon width={28} height={28} />}
          title={`Nothing at “${taskId}”`}
          description="There are no tasks here yet, so this link doesn't point to anything. Check the link or ask whoever shared it."
        />
      ) : (
        <EmptyState
          icon={<TasksIcon width={28} height={28} />}
          title="No tasks yet"
          description="Tasks in your workspaces are listed here with their status and assignee, and update live as teammates change them."
        />
      )}
    </div>
  );
}

"use client";

import { useEffect } from "react";

import { Spinner } from "@/components/Spinner";
import { ActivityList } from "@/components/tasks/ActivityList";
import { DescriptionEditor } from "@/components/tasks/DescriptionEditor";
import { InlineText } from "@/components/tasks/InlineText";
import { PanelFields } from "@/components/tasks/PanelFields";
import { useTask } from "@/lib/tasks/hooks";
import { useDocumentTitle } from "@/lib/useDocumentTitle";
import { useFieldSaving } from "@/lib/tasks/pending";
import { useEditTask } from "@/lib/tasks/useEditTask";
import type { FieldDefinition, Member, Task } from "@/lib/types";

function PanelBody({ task, fields, members }: { task: Task; fields: readonly FieldDefinition[]; members: readonly Member[] }) {
  const edit = useEditTask(task);
  const titleSaving = useFieldSaving(task.id, "title");
  const title = typeof task.data.title === "string" ? task.data.title : "";
  const description = typeof task.data.description === "string" ? task.data.description : "";
  return (
    <>
      <div className={`tp-title${titleSaving ? " tt-saving" : ""}`} data-testid="panel-title">
        <InlineText value={title} label="Title" placeholder="Untitled" allowEmpty={false} onSave={(v) => edit("title", v)} />
      </div>
      <PanelFields task={task} fields={fields} members={members} edit={edit} />
      <DescriptionEditor taskId={task.id} value={description} onSave={(v) => edit("description", v)} />
      <section className="tp-section">
        <h3 className="tp-label">Activity</h3>
        <ActivityList taskId={task.id} fields={fields} members={members} />
      </section>
    </>
  );
}

/** Right-hand drawer with one task: every field, the description and the history. */
export function TaskPanel({
  taskId,
  fields,
  members,
  onClose,
}: {
  taskId: string;
  fields: readonly FieldDefinition[];
  members: readonly Member[];
  onClose: () => void;
}) {
  const query = useTask(taskId);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select");
      if (e.key === "Escape" && !typing && !e.defaultPrevented) onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  const task = query.data;
  const taskTitle = task && typeof task.data.title === "string" ? task.data.title : "";
  useDocumentTitle(task ? `${task.displayId} ${taskTitle}`.trim() : null, 2);
  return (
    <aside className="tp-panel" data-testid="task-panel" aria-label={task ? `Task ${task.displayId}` : "Task"}>
      <div className="tp-header">
        <span className="tp-id">{task?.displayId ?? ""}</span>
        {query.isFetching && task ? <Spinner size={12} label="Refreshing" /> : null}
        <button type="button" className="btn btn-ghost btn-sm tp-close" aria-label="Close the task panel" data-testid="panel-close" onClick={onClose}>
          ✕
        </button>
      </div>
      <div className="tp-body">
        {task ? (
          <PanelBody key={task.id} task={task} fields={fields} members={members} />
        ) : query.isPending ? (
          <div className="tp-center">
            <Spinner label="Loading the task" />
          </div>
        ) : (
          <div className="tp-center" role="alert">
            <p className="error-title">{query.error?.status === 404 ? "This task doesn't exist" : "Couldn't load the task"}</p>
            <p className="muted">
              {query.error?.status === 404 ? "It may have been deleted." : (query.error?.detail ?? "")}
            </p>
            {query.error?.status !== 404 ? (
              <button type="button" className="btn btn-primary btn-sm" onClick={() => void query.refetch()}>
                Retry
              </button>
            ) : null}
          </div>
        )}
      </div>
    </aside>
  );
}

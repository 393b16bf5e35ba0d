"use client";

import "@/components/tasks/tasks.css";
import "@/components/tasks/toolbar.css";
import "@/components/tasks/table.css";
import "@/components/tasks/cells.css";
import "@/components/tasks/panel.css";

import { Suspense } from "react";

import { TasksRoute } from "@/components/tasks/TasksRoute";

export default function TasksPage() {
  // useSearchParams (filters in the URL) needs a Suspense boundary in the static export.
  return (
    <Suspense fallback={null}>
      <TasksRoute />
    </Suspense>
  );
}

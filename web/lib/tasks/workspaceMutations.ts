"use client";

import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { toast, type ApiError } from "@/lib/BackendContext";
import * as api from "@/lib/tasks/api";
import { taskKeys } from "@/lib/tasks/hooks";
import type { CustomFieldCreate, FieldDefinition, Workspace, WorkspaceCreate } from "@/lib/types";

// ---------------------------------------------------------------------------
// Workspaces and fields
// ---------------------------------------------------------------------------

function addWorkspace(qc: QueryClient, ws: Workspace): void {
  qc.setQueryData<Workspace[]>(taskKeys.workspaces(), (list) =>
    list ? [...list.filter((w) => w.id !== ws.id), ws] : list,
  );
  qc.setQueryData(taskKeys.meta(ws.id), ws);
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation<Workspace, ApiError, WorkspaceCreate>({
    mutationKey: taskKeys.mutation("create-workspace"),
    mutationFn: api.createWorkspace,
    onSuccess: (ws) => addWorkspace(qc, ws),
  });
}

export function useJoinWorkspace() {
  const qc = useQueryClient();
  return useMutation<Workspace, ApiError, string>({
    mutationKey: taskKeys.mutation("join-workspace"),
    mutationFn: (code) => api.joinWorkspace(code.trim()),
    onSuccess: (ws) => addWorkspace(qc, ws),
  });
}

export function useRotateInvite(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: taskKeys.mutation("rotate-invite"),
    mutationFn: () => api.rotateInvite(workspaceId),
    onSuccess: (invite) => qc.setQueryData(taskKeys.invite(workspaceId), invite),
    onError: (err: ApiError) => toast.error("Couldn't create a new code", { description: err.detail }),
  });
}

export function useAddCustomField(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation<FieldDefinition, ApiError, CustomFieldCreate>({
    mutationKey: taskKeys.mutation("add-field"),
    mutationFn: (body) => api.addField(workspaceId, body),
    onSuccess: (field) =>
      qc.setQueryData<FieldDefinition[]>(taskKeys.fields(workspaceId), (list) =>
        list && !list.some((f) => f.id === field.id) ? [...list, field] : list,
      ),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { toast, type ApiError } from "@/lib/BackendContext";
import * as api from "@/lib/tasks/api";
import { taskKeys } from "@/lib/tasks/hooks";
import type { FieldDefinition } from "@/lib/types";

// Rename and delete of custom fields: optimistic on the fields list, rolled back with a toast when
// the server refuses. Other members' tabs follow through `fields_updated` (useTaskLive).

interface Snapshot {
  previous: FieldDefinition[] | undefined;
}

function useFieldsCache(workspaceId: string) {
  const qc = useQueryClient();
  const key = taskKeys.fields(workspaceId);
  return {
    async change(next: (list: FieldDefinition[]) => FieldDefinition[]): Promise<Snapshot> {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<FieldDefinition[]>(key);
      if (previous) qc.setQueryData<FieldDefinition[]>(key, next(previous));
      return { previous };
    },
    rollback(snapshot: Snapshot | undefined): void {
      if (snapshot?.previous) qc.setQueryData(key, snapshot.previous);
    },
    settle(): void {
      void qc.invalidateQueries({ queryKey: key });
    },
  };
}

export function useRenameField(workspaceId: string) {
  const cache = useFieldsCache(workspaceId);
  return useMutation<FieldDefinition, ApiError, { field: FieldDefinition; name: string }, Snapshot>({
    mutationKey: taskKeys.mutation("rename-field"),
    mutationFn: ({ field, name }) => api.renameField(workspaceId, field.id, { name }),
    onMutate: ({ field, name }) => cache.change((list) => list.map((f) => (f.id === field.id ? { ...f, name } : f))),
    onError: (err, { field }, snapshot) => {
      cache.rollback(snapshot);
      toast.error(`Couldn't rename “${field.name}”`, { description: err.detail });
    },
    onSettled: () => cache.settle(),
  });
}

export function useDeleteField(workspaceId: string) {
  const qc = useQueryClient();
  const cache = useFieldsCache(workspaceId);
  return useMutation<void, ApiError, FieldDefinition, Snapshot>({
    mutationKey: taskKeys.mutation("delete-field"),
    mutationFn: (field) => api.deleteField(workspaceId, field.id),
    onMutate: (field) => cache.change((list) => list.filter((f) => f.id !== field.id)),
    onError: (err, field, snapshot) => {
      cache.rollback(snapshot);
      toast.error(`Couldn't delete “${field.name}”`, { description: err.detail });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: taskKeys.lists(workspaceId) }),
    onSettled: () => cache.settle(),
  });
}

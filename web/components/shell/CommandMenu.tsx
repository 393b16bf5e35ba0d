"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";

import { Dialog } from "@/components/Dialog";
import { useCreateRoom } from "@/lib/rooms/hooks";
import { buildCommands, type Command } from "@/lib/shell/commands";
import { focusWhenReady, goTo, SHORTCUT_TARGETS } from "@/lib/shell/navigation";
import { useWorkspaces } from "@/lib/tasks/hooks";

/** Cmd/Ctrl+K: go to a page, a workspace or a task by id, or create something. */
export function CommandMenu({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const workspaces = useWorkspaces();
  const createRoom = useCreateRoom();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const commands = useMemo(() => buildCommands(query, workspaces.data ?? []), [query, workspaces.data]);
  const current = Math.min(active, Math.max(0, commands.length - 1));

  const run = (command: Command | undefined) => {
    if (!command) return;
    onClose();
    const push = (href: string) => router.push(href);
    const { action } = command;
    if (action.kind === "go") goTo(action.url, push);
    else if (action.kind === "new-post") {
      if (!window.location.pathname.startsWith("/feed")) goTo("/feed", push);
      focusWhenReady(SHORTCUT_TARGETS.newPost);
    } else if (action.kind === "new-task") {
      if (!document.querySelector(SHORTCUT_TARGETS.newTask)) goTo("/tasks", push);
      focusWhenReady(SHORTCUT_TARGETS.newTask);
    } else {
      createRoom.mutate(undefined, { onSuccess: (room) => goTo(`/code/${room.room_id}`, push) });
    }
  };

  return (
    <Dialog title="Command menu" hideTitle onClose={onClose} className="cmdk" testId="command-menu">
      <input
        className="cmdk-input"
        data-autofocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={commands[current] ? `${listId}-${current}` : undefined}
        aria-label="Type a command, a page, a workspace or a task id like ENG-12"
        placeholder="Go to, create, or a task id like ENG-12…"
        data-testid="command-input"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((current + 1) % Math.max(1, commands.length));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((current - 1 + commands.length) % Math.max(1, commands.length));
          } else if (e.key === "Enter") {
            e.preventDefault();
            run(commands[current]);
          }
        }}
      />
      <ul className="cmdk-list" id={listId} role="listbox" aria-label="Commands">
        {commands.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`cmdk-item${i === current ? " cmdk-item-active" : ""}`}
            data-testid={`command-${c.id}`}
            onMouseMove={() => setActive(i)}
            onClick={() => run(c)}
          >
            <span className="cmdk-group">{c.group}</span>
            <span className="cmdk-label">{c.label}</span>
          </li>
        ))}
        {commands.length === 0 ? <li className="cmdk-empty">No matching command. Try a page name or a task id like ENG-12.</li> : null}
      </ul>
    </Dialog>
  );
}

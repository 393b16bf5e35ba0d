/** The command menu's entries (Cmd/Ctrl+K) and how a query picks among them. Pure: unit-tested. */

export type CommandAction =
  | { kind: "go"; url: string }
  | { kind: "new-post" }
  | { kind: "new-task" }
  | { kind: "new-room" };

export interface Command {
  id: string;
  label: string;
  group: "Go to" | "Workspaces" | "Tasks" | "Create";
  /** Extra words the query may match (e.g. "rooms" for Code rooms). */
  keywords?: string;
  action: CommandAction;
}

export interface WorkspaceRef {
  id: string;
  name: string;
  key: string;
}

const PAGES: Command[] = [
  { id: "go-feed", label: "Feed", group: "Go to", keywords: "posts polls home", action: { kind: "go", url: "/feed" } },
  { id: "go-tasks", label: "Tasks", group: "Go to", keywords: "workspaces table", action: { kind: "go", url: "/tasks" } },
  { id: "go-code", label: "Code rooms", group: "Go to", keywords: "editor rooms", action: { kind: "go", url: "/code" } },
];

const CREATE: Command[] = [
  { id: "new-post", label: "New post or poll", group: "Create", keywords: "share write", action: { kind: "new-post" } },
  { id: "new-task", label: "New task", group: "Create", keywords: "add", action: { kind: "new-task" } },
  { id: "new-room", label: "New code room", group: "Create", keywords: "editor", action: { kind: "new-room" } },
  { id: "new-workspace", label: "New workspace", group: "Create", action: { kind: "go", url: "/tasks" } },
];

const TASK_ID = /^([a-z]{2,5})-(\d{1,9})$/i;

/** "ENG-12" -> the task's URL when a workspace of the user has the key ENG (task ids are `{workspace}-{n}`). */
export function taskCommand(query: string, workspaces: readonly WorkspaceRef[]): Command | null {
  const match = TASK_ID.exec(query.trim());
  if (!match) return null;
  const key = (match[1] ?? "").toUpperCase();
  const number = Number(match[2]);
  const workspace = workspaces.find((w) => w.key === key);
  if (!workspace || number < 1) return null;
  return {
    id: `task-${workspace.id}-${number}`,
    label: `Open ${key}-${number}`,
    group: "Tasks",
    action: { kind: "go", url: `/tasks/${encodeURIComponent(workspace.id)}/${encodeURIComponent(`${workspace.id}-${number}`)}` },
  };
}

export function buildCommands(query: string, workspaces: readonly WorkspaceRef[]): Command[] {
  const all: Command[] = [
    ...PAGES,
    ...workspaces.map<Command>((w) => ({
      id: `ws-${w.id}`,
      label: w.name,
      group: "Workspaces",
      keywords: `workspace ${w.key}`,
      action: { kind: "go", url: `/tasks/${encodeURIComponent(w.id)}` },
    })),
    ...CREATE,
  ];
  const task = taskCommand(query, workspaces);
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching = all.filter((c) => {
    const haystack = `${c.label} ${c.group} ${c.keywords ?? ""}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
  return task ? [task, ...matching] : matching;
}

import { describe, expect, it } from "vitest";

import { buildCommands, taskCommand } from "@/lib/shell/commands";

const workspaces = [
  { id: "a1b2c3d4e5", name: "Engineering", key: "ENG" },
  { id: "f6f6f6f6f6", name: "Design", key: "DES" },
];

describe("command menu", () => {
  it("lists pages, workspaces and create commands for an empty query", () => {
    const labels = buildCommands("", workspaces).map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(["Feed", "Tasks", "Code rooms", "Engineering", "Design", "New task"]));
  });

  it("filters by every word, on labels and keywords", () => {
    expect(buildCommands("rooms", workspaces).map((c) => c.id)).toEqual(["go-code"]);
    expect(buildCommands("new ta", workspaces).map((c) => c.id)).toEqual(["new-task"]);
    expect(buildCommands("des", workspaces).map((c) => c.id)).toEqual(["ws-f6f6f6f6f6"]);
  });

  it("opens a task by its id in a workspace of the user", () => {
    const open = taskCommand("eng-12", workspaces);
    expect(open?.action).toEqual({ kind: "go", url: "/tasks/a1b2c3d4e5/a1b2c3d4e5-12" });
    expect(buildCommands("ENG-12", workspaces)[0]?.label).toBe("Open ENG-12");
    expect(taskCommand("OPS-3", workspaces)).toBeNull();
    expect(taskCommand("ENG-0", workspaces)).toBeNull();
  });
});

"use client";

import { Dialog } from "@/components/Dialog";

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ["Ctrl", "K"], what: "Command menu: go to a page, a workspace, a task by id; create" },
  { keys: ["/"], what: "Search (on pages with a search box)" },
  { keys: ["C"], what: "New task (on a workspace's tasks)" },
  { keys: ["←", "↑", "↓", "→"], what: "Move between the task table's cells (J/K: next/previous task)" },
  { keys: ["Enter"], what: "Edit the focused cell (also E); Esc goes back to the cell" },
  { keys: ["Esc"], what: "Close a menu, dialog or the task panel" },
  { keys: ["↑", "↓"], what: "Move between a poll's options" },
  { keys: ["?"], what: "This list" },
];

/** "?": the keyboard shortcuts. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const mod = isMac() ? "⌘" : "Ctrl";
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="shortcuts" testId="shortcuts-help">
      <dl className="shortcuts-list">
        {SHORTCUTS.map((s) => (
          <div key={s.what} className="shortcuts-row">
            <dt>
              {s.keys.map((k) => (
                <kbd key={k}>{k === "Ctrl" ? mod : k}</kbd>
              ))}
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

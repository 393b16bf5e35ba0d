"use client";

import { useEffect, useState } from "react";

import { CommandMenu } from "@/components/shell/CommandMenu";
import { ShortcutsHelp } from "@/components/shell/ShortcutsHelp";
import { isTypingTarget, SHORTCUT_TARGETS } from "@/lib/shell/navigation";

/** The app-wide shortcuts (mounted once in the shell): Cmd/Ctrl+K, "?", "/" and C. */
export function KeyboardShortcuts() {
  const [open, setOpen] = useState<"commands" | "help" | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((now) => (now === "commands" ? null : "commands"));
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (e.key === "?") {
        e.preventDefault();
        setOpen("help");
      } else if (e.key === "/") {
        const search = document.querySelector<HTMLElement>(SHORTCUT_TARGETS.search);
        if (!search) return;
        e.preventDefault();
        search.focus();
      } else if (e.key === "c" || e.key === "C") {
        const box = document.querySelector<HTMLElement>(SHORTCUT_TARGETS.newTask);
        if (!box) return;
        e.preventDefault();
        box.focus();
        box.scrollIntoView({ block: "nearest" });
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  if (open === "commands") return <CommandMenu onClose={() => setOpen(null)} />;
  if (open === "help") return <ShortcutsHelp onClose={() => setOpen(null)} />;
  return null;
}

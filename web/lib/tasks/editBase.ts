/**
 * The task version each field's editor was opened at (module-level: one per tab).
 *
 * An edit is sent with this version as `expectedVersion`, not with the newest version the tab
 * received while the user was typing or choosing: a change someone saved meanwhile was never seen
 * by the user, so the server refuses it (409) instead of overwriting it silently.
 */
import { useRef, type FocusEvent, type KeyboardEvent, type PointerEvent } from "react";

const opened = new Map<string, number>();

const slot = (taskId: string, field: string) => `${taskId}\u0000${field}`;

export function noteEditorOpened(taskId: string, field: string, version: number): void {
  opened.set(slot(taskId, field), version);
}

/** The version the field's editor was opened at, if it was opened in this tab. */
export function editBase(taskId: string, field: string): number | undefined {
  return opened.get(slot(taskId, field));
}

/** Keys and focus inside a text box belong to an edit already open (typing must not move its base). */
function isTyping(target: EventTarget): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && ["text", "number", "search", "url", "email"].includes(target.type);
}

/**
 * Handlers for the element around a field's editor: a pointer press, a key or focus outside a text
 * box starts looking at (opening) the editor, so the version shown then is what the edit is based on.
 */
export function useEditorOpening(taskId: string, field: string, version: number) {
  const shown = useRef(version);
  shown.current = version;
  const open = (e: PointerEvent | KeyboardEvent | FocusEvent) => {
    if (!isTyping(e.target)) noteEditorOpened(taskId, field, shown.current);
  };
  return { onPointerDownCapture: open, onKeyDownCapture: open, onFocusCapture: open };
}

"use client";

/**
 * Moving between pages from anywhere (command menu, shortcuts). /tasks/… and /code/… are each one
 * static page that reads its path in the browser: inside the same page a history entry is enough
 * (the App Router follows pushState); into another page's deep path it takes a page load, since
 * the router would look for a route file that the static export does not have.
 */
export function goTo(url: string, push: (href: string) => void): void {
  const [targetPage] = url.split("/").filter(Boolean);
  const [currentPage] = window.location.pathname.split("/").filter(Boolean);
  const isTopLevel = url.split("?")[0]?.split("/").filter(Boolean).length === 1;
  if (targetPage === currentPage && (targetPage === "tasks" || targetPage === "code")) {
    window.history.pushState(null, "", url);
  } else if (isTopLevel) {
    push(url);
  } else {
    window.location.assign(url);
  }
}

/** Focus an element that may not be rendered yet (after a navigation), giving up after `timeoutMs`. */
export function focusWhenReady(selector: string, timeoutMs = 4000): void {
  const until = Date.now() + timeoutMs;
  const attempt = () => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "nearest" });
    } else if (Date.now() < until) {
      window.setTimeout(attempt, 50);
    }
  };
  attempt();
}

/** Where a keypress lands in text (inputs, the code editor): single-key shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

/** Elements the shortcuts act on; pages mark them with these test ids already. */
export const SHORTCUT_TARGETS = {
  search: '[data-testid="task-search"]',
  newTask: '[data-testid="new-task-title"]',
  newPost: '[data-testid="post-text"]',
} as const;

/**
 * The path this tab was loaded at (evaluated once, with the shell). A page that was the target of
 * the load itself (a typed URL, a reload, a shared link) should show exactly what was asked for.
 */
export const loadedAtPath: string = typeof window === "undefined" ? "" : window.location.pathname;

"use client";

import { useEffect, type RefObject } from "react";

// Skeleton rows are aria-hidden placeholders: nothing in them may take the focus.
const ROWS = "tr.tt-row:not(.tt-skeleton-row)";
const CONTROLS = "button, select, input, a[href]";

/**
 * The task table as an ARIA grid with one Tab stop (roving tabindex): arrow keys (and J/K) move
 * between cells, Enter/E/F2 edits the focused cell, Escape leaves an editor back to its cell.
 * The controls inside cells leave the Tab order; a MutationObserver keeps them out as rows and
 * editors come and go, so every editor keeps its own markup.
 */
export function useGridKeys(tableRef: RefObject<HTMLTableElement | null>, active: boolean): void {
  useEffect(() => {
    const table = tableRef.current;
    if (!active || !table) return;
    const cells = () => [...table.querySelectorAll<HTMLTableCellElement>(`${ROWS} > td`)];

    const tame = () => {
      table.querySelectorAll<HTMLElement>(`${ROWS} > td :is(${CONTROLS})`).forEach((control) => {
        if (control.tabIndex !== -1) control.tabIndex = -1;
      });
      const all = cells();
      all.forEach((td) => {
        if (!td.hasAttribute("tabindex")) td.tabIndex = -1;
      });
      if (!all.some((td) => td.tabIndex === 0) && all[0]) all[0].tabIndex = 0;
    };

    const makeStop = (td: HTMLTableCellElement) => {
      if (td.tabIndex === 0) return;
      cells().forEach((other) => {
        if (other.tabIndex === 0) other.tabIndex = -1;
      });
      td.tabIndex = 0;
    };

    const focusCell = (td: HTMLTableCellElement | undefined) => {
      if (!td) return;
      makeStop(td);
      td.focus();
    };

    const move = (td: HTMLTableCellElement, rowStep: number, colStep: number, toEdge = false) => {
      const rows = [...table.querySelectorAll<HTMLTableRowElement>(ROWS)];
      const here = rows.indexOf(td.parentElement as HTMLTableRowElement);
      const row = rows[Math.min(rows.length - 1, Math.max(0, here + rowStep))];
      if (!row) return;
      const last = row.cells.length - 1;
      const col = toEdge ? (colStep < 0 ? 0 : last) : Math.min(last, Math.max(0, td.cellIndex + colStep));
      focusCell(row.cells[col]);
    };

    const edit = (td: HTMLTableCellElement) => {
      const control = td.querySelector<HTMLElement>(CONTROLS);
      if (!control || (control as HTMLButtonElement).disabled) return;
      if (control instanceof HTMLButtonElement) {
        control.click();
        return;
      }
      control.focus();
      if (control instanceof HTMLSelectElement) {
        try {
          control.showPicker();
        } catch {
          // Without a user gesture the browser may refuse; the focused select still takes arrow keys.
        }
      }
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      const td = target.closest<HTMLTableCellElement>(`${ROWS} > td`);
      if (!td || !table.contains(td)) return;
      if (target !== td) {
        // In an editor: Escape goes back to the cell once the editor has reverted itself.
        if (e.key === "Escape" && target.matches("select, input:not(.tt-input)")) {
          window.setTimeout(() => focusCell(td), 0);
        }
        return;
      }
      const moves: Record<string, [number, number, boolean?]> = {
        ArrowUp: [-1, 0],
        ArrowDown: [1, 0],
        ArrowLeft: [0, -1],
        ArrowRight: [0, 1],
        k: [-1, 0],
        j: [1, 0],
        Home: [0, -1, true],
        End: [0, 1, true],
      };
      const step = moves[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (step) {
        e.preventDefault();
        move(td, step[0], step[1], step[2]);
      } else if (e.key === "Enter" || e.key === "F2" || e.key.toLowerCase() === "e") {
        e.preventDefault();
        edit(td);
      }
    };

    // A click or an editor's own refocus lands on a button inside a cell: the cell takes the focus
    // (the click itself still goes to the button), so the grid keys keep working from there.
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target as HTMLElement;
      const td = target.closest<HTMLTableCellElement>(`${ROWS} > td`);
      if (!td || !table.contains(td)) return;
      makeStop(td);
      if (target instanceof HTMLButtonElement) td.focus({ preventScroll: true });
    };

    tame();
    const observer = new MutationObserver(tame);
    observer.observe(table, { childList: true, subtree: true });
    table.addEventListener("keydown", onKeyDown);
    table.addEventListener("focusin", onFocusIn);
    return () => {
      observer.disconnect();
      table.removeEventListener("keydown", onKeyDown);
      table.removeEventListener("focusin", onFocusIn);
    };
  }, [tableRef, active]);
}

"use client";

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  ViewPlugin,
  type ViewUpdate,
} from "@codemirror/view";
import { useEffect, useRef } from "react";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";

import { serverCompletionSource } from "@/lib/rooms/completion";
import { languageExtension } from "@/lib/rooms/languages";
import type { HuddleRoomProvider } from "@/lib/rooms/provider";

const editorTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "13.5px", backgroundColor: "var(--bg)" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
  ".cm-content": { paddingTop: "14px", paddingBottom: "40vh" },
  ".cm-gutters": { backgroundColor: "var(--bg-subtle)", borderRight: "1px solid var(--border)", color: "var(--text-tertiary)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--gray-100)" },
  ".cm-activeLine": { backgroundColor: "rgba(91, 91, 214, 0.04)" },
  // Remote carets: the name label shows while that person is active (and on hover), then fades,
  // as in Google Docs: always-on labels cover the code above them.
  ".cm-ySelectionCaret-active > .cm-ySelectionInfo": { opacity: "1", transitionDelay: "0s" },
  ".cm-ySelectionInfo": {
    fontFamily: "var(--font-sans)",
    fontWeight: "600",
    fontSize: "10.5px",
    padding: "1px 4px",
    borderRadius: "3px 3px 3px 0",
    top: "-1.35em",
  },
  ".cm-ySelectionCaretDot": { display: "none" },
  ".cm-tooltip.cm-tooltip-autocomplete": {
    border: "1px solid var(--border)",
    borderRadius: "var(--radius)",
    backgroundColor: "var(--bg)",
    boxShadow: "var(--shadow-lg)",
    overflow: "hidden",
  },
  ".cm-tooltip-autocomplete > ul": { fontFamily: "var(--font-mono)", fontSize: "12.5px", maxHeight: "14em" },
  ".cm-tooltip-autocomplete > ul > li": { padding: "3px 10px 3px 6px", lineHeight: "1.5" },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--accent-soft)", color: "var(--accent-text)" },
  ".cm-completionDetail": { marginLeft: "12px", color: "var(--text-tertiary)", fontStyle: "normal" },
  ".cm-completionIcon": { opacity: "0.7" },
});

const ACTIVE_LABEL_MS = 2500;

/**
 * Marks a remote caret `cm-ySelectionCaret-active` for a moment whenever it moves (its person is
 * typing or clicking), which shows its name label. The widget DOM is reused while the caret keeps
 * its name and colour, so its document position tells whether it moved.
 */
const activeCaretLabels = ViewPlugin.fromClass(
  class {
    private positions = new WeakMap<Element, number>();
    private timers = new Map<Element, ReturnType<typeof setTimeout>>();

    update(update: ViewUpdate) {
      update.view.requestMeasure({
        read: (view) =>
          [...view.contentDOM.querySelectorAll(".cm-ySelectionCaret")].map((el) => {
            let pos = -1;
            try {
              pos = view.posAtDOM(el);
            } catch {
              // detached while measuring
            }
            return [el, pos] as const;
          }),
        write: (carets) => {
          for (const [el, pos] of carets) {
            if (this.positions.get(el) === pos) continue;
            this.positions.set(el, pos);
            el.classList.add("cm-ySelectionCaret-active");
            clearTimeout(this.timers.get(el));
            this.timers.set(
              el,
              setTimeout(() => {
                el.classList.remove("cm-ySelectionCaret-active");
                this.timers.delete(el);
              }, ACTIVE_LABEL_MS),
            );
          }
        },
      });
    }

    destroy() {
      this.timers.forEach((t) => clearTimeout(t));
    }
  },
);

/**
 * CodeMirror 6 bound to the provider's Y.Text + Awareness (yCollab: shared text, remote
 * cursors/selections with names, collaborative undo). Rebuilt when the doc is replaced
 * (`generation`); the language is swapped in place through a compartment.
 */
export function CodeEditor({
  provider,
  generation,
  language,
  readOnly = false,
}: {
  provider: HuddleRoomProvider;
  generation: number;
  language: string;
  readOnly?: boolean;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const languageRef = useRef(language);
  const compartments = useRef({ language: new Compartment(), readOnly: new Compartment() });

  useEffect(() => {
    languageRef.current = language;
  }, [language]);

  useEffect(() => {
    const parent = hostRef.current;
    if (!parent) return;
    const { language: langC, readOnly: roC } = compartments.current;
    const completion = serverCompletionSource(() => languageRef.current);
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: provider.text.toString(),
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          drawSelection(),
          dropCursor(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          bracketMatching(),
          closeBrackets(),
          autocompletion({ override: [completion], activateOnTypingDelay: 150 }),
          highlightActiveLine(),
          highlightSelectionMatches(),
          keymap.of([
            ...yUndoManagerKeymap,
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...searchKeymap,
            ...completionKeymap,
            indentWithTab,
          ]),
          langC.of(languageExtension(languageRef.current)),
          roC.of(EditorState.readOnly.of(false)),
          yCollab(provider.text, provider.awareness),
          activeCaretLabels,
          EditorView.contentAttributes.of({ "aria-label": "Shared code editor", "aria-multiline": "true" }),
          editorTheme,
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      viewRef.current = null;
      view.destroy();
    };
  }, [provider, generation]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.current.language.reconfigure(languageExtension(language)) });
  }, [language, provider, generation]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: compartments.current.readOnly.reconfigure(EditorState.readOnly.of(readOnly)),
    });
  }, [readOnly, provider, generation]);

  return <div className="room-editor" data-testid="editor" ref={hostRef} />;
}

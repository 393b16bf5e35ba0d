/** CodeMirror completion source backed by POST /api/code/complete (jedi for Python). */

import type { Completion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";

import { backendFetch } from "@/lib/BackendContext";
import { toCharOffset, toUtf16Offset } from "@/lib/rooms/offsets";

interface ServerCompletion {
  label: string;
  type?: string | null;
  detail?: string | null;
  apply?: string | null;
}

interface CompleteResponse {
  from: number;
  completions: ServerCompletion[];
}

const MAX_CODE_CHARS = 200_000;

function toCompletion(c: ServerCompletion): Completion {
  return {
    label: c.label,
    type: c.type ?? undefined,
    detail: c.detail ?? undefined,
    apply: c.apply ?? undefined,
  };
}

/**
 * Completion source for the room's current language (`getLanguage` is read per request, so a
 * language change needs no reconfiguration). Typing is debounced by CodeMirror's
 * `activateOnTypingDelay`; failures and aborted requests simply yield no completions.
 */
export function serverCompletionSource(getLanguage: () => string): CompletionSource {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[\w$]*$/);
    const afterDot = /\.\s*$/.test(context.state.sliceDoc(Math.max(0, context.pos - 2), context.pos));
    if (!context.explicit && (!word || word.from === word.to) && !afterDot) return null;
    if (context.state.doc.length > MAX_CODE_CHARS) return null;

    const controller = new AbortController();
    context.addEventListener("abort", () => controller.abort(), { onDocChange: true });
    try {
      const code = context.state.doc.toString();
      const res = await backendFetch<CompleteResponse>("/api/code/complete", {
        method: "POST",
        json: { code, cursor_position: toCharOffset(code, context.pos), language: getLanguage() },
        signal: controller.signal,
      });
      if (context.aborted || !res || !Array.isArray(res.completions) || res.completions.length === 0) return null;
      const start = Number.isInteger(res.from) && res.from >= 0 ? toUtf16Offset(code, res.from) : -1;
      const from = start >= 0 && start <= context.pos ? start : (word?.from ?? context.pos);
      return { from, options: res.completions.map(toCompletion), validFor: /^[\w$]*$/ };
    } catch {
      return null;
    }
  };
}

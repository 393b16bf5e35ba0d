/** Editor languages of a room and their CodeMirror extensions. */

import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { markdown } from "@codemirror/lang-markdown";
import { python } from "@codemirror/lang-python";
import type { Extension } from "@codemirror/state";

import type { RoomLanguage } from "@/lib/types";

export const LANGUAGES: readonly { id: RoomLanguage; label: string }[] = [
  { id: "python", label: "Python" },
  { id: "javascript", label: "JavaScript" },
  { id: "typescript", label: "TypeScript" },
  { id: "json", label: "JSON" },
  { id: "markdown", label: "Markdown" },
  { id: "plaintext", label: "Plain text" },
];

const EXTENSIONS: Record<RoomLanguage, () => Extension> = {
  python: () => python(),
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  json: () => json(),
  markdown: () => markdown(),
  plaintext: () => [],
};

export function isRoomLanguage(value: string): value is RoomLanguage {
  return Object.prototype.hasOwnProperty.call(EXTENSIONS, value);
}

/** The language-mode extension (syntax highlighting, indentation) for `language`. */
export function languageExtension(language: string): Extension {
  return isRoomLanguage(language) ? EXTENSIONS[language]() : [];
}

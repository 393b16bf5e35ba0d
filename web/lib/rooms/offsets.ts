/**
 * The server counts offsets in characters (Python's code points); CodeMirror and Yjs count UTF-16
 * units, where an emoji is 2. Convert at the boundary, or every offset after an emoji is off.
 */

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** UTF-16 offset in `text` -> the server's character offset. */
export function toCharOffset(text: string, utf16: number): number {
  const end = Math.min(Math.max(0, utf16), text.length);
  let chars = end;
  for (let i = 1; i < end; i++) {
    // The second half of a pair is not a character of its own (a lone half is: Python keeps it).
    if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) chars--;
  }
  return chars;
}

/** The server's character offset in `text` -> UTF-16 offset. */
export function toUtf16Offset(text: string, chars: number): number {
  let i = 0;
  for (let n = 0; n < chars && i < text.length; n++) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

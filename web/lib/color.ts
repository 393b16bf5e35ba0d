/** Colour helpers for text over user colours (avatars, cursor labels): WCAG contrast, pure. */

const HEX6 = /^#([0-9a-f]{6})$/i;
const HEX3 = /^#([0-9a-f]{3})$/i;

function channels(hex: string): [number, number, number] | null {
  const short = HEX3.exec(hex);
  const full = short ? `#${[...(short[1] ?? "")].map((c) => c + c).join("")}` : hex;
  const m = HEX6.exec(full);
  if (!m || !m[1]) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of white text on `hex` (1..21). */
export function contrastWithWhite(hex: string): number {
  const c = channels(hex);
  return c ? 1.05 / (luminance(c) + 0.05) : 1;
}

/**
 * `hex` darkened just enough for white text to reach `ratio` (4.5: WCAG AA), keeping its hue, so
 * a person's colour stays recognisably theirs. Invalid input gives a neutral grey.
 */
export function readableOnWhiteText(hex: string, ratio = 4.5): string {
  const c = channels(hex);
  if (!c) return "#5f6270";
  let [r, g, b] = c;
  for (let i = 0; i < 40 && 1.05 / (luminance([r, g, b]) + 0.05) < ratio; i += 1) {
    r = Math.round(r * 0.94);
    g = Math.round(g * 0.94);
    b = Math.round(b * 0.94);
  }
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

import { describe, expect, it } from "vitest";

import { contrastWithWhite, readableOnWhiteText } from "@/lib/color";

describe("readableOnWhiteText", () => {
  it("darkens light user colours until white text passes WCAG AA", () => {
    for (const colour of ["#ea580c", "#22a06b", "#eab308", "#06b6d4", "#fff"]) {
      const shown = readableOnWhiteText(colour);
      expect(contrastWithWhite(shown)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("keeps colours that already pass", () => {
    expect(readableOnWhiteText("#3e3eaa")).toBe("#3e3eaa");
  });

  it("gives a grey for anything that is not a colour", () => {
    expect(readableOnWhiteText("red; background: url(x)")).toBe("#5f6270");
  });
});

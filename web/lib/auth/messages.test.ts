import { describe, expect, it } from "vitest";

import { lockoutMessage, waitPhrase } from "@/lib/auth/messages";

describe("waitPhrase", () => {
  it("rounds up to the unit people use", () => {
    expect(waitPhrase(896)).toBe("in 15 minutes");
    expect(waitPhrase(900)).toBe("in 15 minutes");
    expect(waitPhrase(61)).toBe("in 2 minutes");
    expect(waitPhrase(60)).toBe("in 1 minute");
    expect(waitPhrase(1)).toBe("in 1 second");
    expect(waitPhrase(40)).toBe("in 40 seconds");
    expect(waitPhrase(7200)).toBe("in 2 hours");
  });

  it("says later when the server gave no time", () => {
    expect(lockoutMessage(null)).toContain("try again later");
  });
});

import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

// Unit tests of the pure modules (cache updates, ballot drawing, which polls to follow); what the
// pages do is tested in a real browser by server/tests/test_browser_*.py.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: { include: ["lib/**/*.test.ts"], environment: "node" },
});

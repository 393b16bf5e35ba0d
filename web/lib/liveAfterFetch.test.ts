import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { applyLive } from "@/lib/liveAfterFetch";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const addItem = (qc: QueryClient, key: readonly unknown[], item: string) => () =>
  qc.setQueryData<string[]>(key, (old) => (old && !old.includes(item) ? [...old, item] : old));

describe("applyLive", () => {
  it("re-applies an event after a fetch that read the server before it lands", async () => {
    const qc = new QueryClient();
    const key = ["list"];
    qc.setQueryData(key, ["a"]);
    const answer = deferred<string[]>();
    const fetching = qc.fetchQuery({ queryKey: key, queryFn: () => answer.promise, staleTime: 0 });
    applyLive(qc, key, addItem(qc, key, "live"));
    expect(qc.getQueryData(key)).toEqual(["a", "live"]);
    answer.resolve(["a"]); // read before the event
    await fetching;
    expect(qc.getQueryData(key)).toEqual(["a", "live"]);
  });

  it("covers every query under a prefix when asked", async () => {
    const qc = new QueryClient();
    const one = ["lists", { page: 1 }];
    const two = ["lists", { page: 2 }];
    qc.setQueryData(one, []);
    qc.setQueryData(two, []);
    const first = deferred<string[]>();
    const second = deferred<string[]>();
    const fetches = [
      qc.fetchQuery({ queryKey: one, queryFn: () => first.promise, staleTime: 0 }),
      qc.fetchQuery({ queryKey: two, queryFn: () => second.promise, staleTime: 0 }),
    ];
    applyLive(qc, ["lists"], () => [one, two].forEach((key) => addItem(qc, key, "live")()), { exact: false });
    first.resolve([]);
    second.resolve([]);
    await Promise.all(fetches);
    expect(qc.getQueryData(one)).toEqual(["live"]);
    expect(qc.getQueryData(two)).toEqual(["live"]);
  });

  it("stops waiting for a fetch that fails", async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const key = ["list"];
    qc.setQueryData(key, ["a"]);
    let applied = 0;
    const failing = qc.fetchQuery({ queryKey: key, queryFn: () => Promise.reject(new Error("down")), staleTime: 0 });
    applyLive(qc, key, () => (applied += 1));
    await expect(failing).rejects.toThrow("down");
    await qc.fetchQuery({ queryKey: key, queryFn: () => Promise.resolve(["b"]), staleTime: 0 });
    expect(applied).toBe(1); // not re-applied over a later, unrelated fetch
  });

  it("stops listening when the query it waits for is removed", async () => {
    const qc = new QueryClient();
    const key = ["list"];
    qc.setQueryData(key, ["a"]);
    const never = deferred<string[]>();
    void qc.fetchQuery({ queryKey: key, queryFn: () => never.promise, staleTime: 0 }).catch(() => undefined);
    applyLive(qc, key, addItem(qc, key, "live"));
    expect(qc.getQueryCache().hasListeners()).toBe(true);
    qc.removeQueries({ queryKey: key });
    expect(qc.getQueryCache().hasListeners()).toBe(false);
  });
});

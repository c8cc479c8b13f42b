import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalescer } from "../src/soon";

describe("coalescer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once per key for a burst, the last request winning", () => {
    const later = coalescer(100);
    const ran: string[] = [];
    for (let i = 0; i < 50; i++) later("inbox", () => ran.push(`inbox ${i}`));
    later("list", () => ran.push("list"));
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(["inbox 49", "list"]);
  });

  it("runs again for a request after the last run", () => {
    const later = coalescer(100);
    let runs = 0;
    later("k", () => runs++);
    vi.advanceTimersByTime(100);
    later("k", () => runs++);
    vi.advanceTimersByTime(100);
    expect(runs).toBe(2);
  });
});

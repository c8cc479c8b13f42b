import { describe, expect, it, vi } from "vitest";
import { Autosaver, type SaveState } from "../src/autosave";

function setup(idle = 400) {
  vi.useFakeTimers();
  const states: SaveState["kind"][] = [];
  const saver = new Autosaver(idle, (s) => states.push(s.kind));
  return { saver, states };
}

describe("Autosaver", () => {
  it("saves once after the author pauses, then reports Saved", async () => {
    const { saver, states } = setup();
    const save = vi.fn(async () => {});
    saver.touch("story:1", save);
    await vi.advanceTimersByTimeAsync(200);
    saver.touch("story:1", save);
    await vi.advanceTimersByTimeAsync(399);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe("saved");
    expect(saver.hasUnsaved()).toBe(false);
  });

  it("saves the latest edit: a save scheduled while one runs uses the newest closure", async () => {
    const { saver } = setup();
    const seen: string[] = [];
    let release!: () => void;
    saver.touch("k", () => new Promise<void>((r) => { seen.push("v1"); release = r; }));
    await vi.advanceTimersByTimeAsync(400);
    saver.touch("k", async () => { seen.push("v2"); });
    const flushed = saver.flush();
    release();
    await flushed;
    expect(seen).toEqual(["v1", "v2"]);
  });

  it("keeps a failed edit and retries it on flush, reporting the error meanwhile", async () => {
    const { saver, states } = setup();
    let fail = true;
    const save = vi.fn(async () => {
      if (fail) throw new Error("the library is busy");
    });
    saver.touch("issue:1", save);
    await vi.advanceTimersByTimeAsync(400);
    expect(states.at(-1)).toBe("error");
    expect(saver.hasUnsaved()).toBe(true);
    fail = false;
    await saver.flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(states.at(-1)).toBe("saved");
  });

  it("flush saves everything pending at once, without waiting for idle", async () => {
    const { saver } = setup(10_000);
    const a = vi.fn(async () => {});
    const b = vi.fn(async () => {});
    saver.touch("a", a);
    saver.touch("b", b);
    await saver.flush();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });
});

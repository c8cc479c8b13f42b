import { describe, expect, it } from "vitest";
import { COMMAND_IDS, COMMANDS, shortcutCommand } from "../src/commands";
import { diffLines, formatDate, issueMeta, moveItem, revisionTime, storyNumber, windowTitle } from "../src/state";

describe("moveItem", () => {
  it("moves an element up and down without touching the input", () => {
    const list = ["a", "b", "c"];
    expect(moveItem(list, 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(list, 0, 2)).toEqual(["b", "c", "a"]);
    expect(list).toEqual(["a", "b", "c"]);
  });
  it("clamps targets and ignores a bad source", () => {
    expect(moveItem(["a", "b"], 0, 99)).toEqual(["b", "a"]);
    expect(moveItem(["a", "b"], 5, 0)).toEqual(["a", "b"]);
  });
});

describe("labels", () => {
  it("names the open issue in the window title", () => {
    expect(windowTitle({ number: 2, title: "Week two" })).toBe("#2 Week two — Masthead");
    expect(windowTitle({ number: 3, title: "  " })).toBe("#3 Untitled issue — Masthead");
    expect(windowTitle(null)).toBe("Masthead");
  });
  it("formats calendar dates without shifting the day", () => {
    expect(formatDate("2026-04-08")).toBe("Apr 8, 2026");
    expect(formatDate("2026-12-31")).toBe("Dec 31, 2026");
    expect(formatDate("not a date")).toBe("not a date");
  });
  it("numbers stories with two digits", () => {
    expect(storyNumber(0)).toBe("01");
    expect(storyNumber(11)).toBe("12");
  });
  it("describes an issue in the sidebar", () => {
    expect(issueMeta({ date: "2026-11-20", status: "draft", story_count: 1 })).toBe("Nov 20, 2026 · draft · 1 story");
  });
});

describe("history", () => {
  it("types a unified diff's lines and drops its header", () => {
    const diff = "--- version of Nov 1\n+++ now\n@@ -1,3 +1,3 @@\n Issue #1 — Harbour\n-Old line\n+New line\n \n";
    expect(diffLines(diff)).toEqual([
      { kind: "hunk", text: "@@ -1,3 +1,3 @@" },
      { kind: "same", text: " Issue #1 — Harbour" },
      { kind: "del", text: "-Old line" },
      { kind: "add", text: "+New line" },
      { kind: "same", text: " " },
    ]);
    expect(diffLines("")).toEqual([]);
  });
  it("shows a revision's time in the given zone", () => {
    expect(revisionTime("2026-11-23T14:05:09Z", "UTC")).toBe("Nov 23, 2026 at 14:05");
    expect(revisionTime("2026-11-23T23:30:00Z", "Asia/Tokyo")).toBe("Nov 24, 2026 at 08:30");
    expect(revisionTime("garbage")).toBe("garbage");
  });
});

describe("shortcutCommand", () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
    ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it("maps Ctrl (or Cmd) shortcuts to the app menu's command ids", () => {
    expect(shortcutCommand(key("k", { ctrlKey: true }))).toBe("palette");
    expect(shortcutCommand(key("K", { metaKey: true }))).toBe("palette");
    expect(shortcutCommand(key("H", { ctrlKey: true, shiftKey: true }))).toBe("history");
    expect(shortcutCommand(key("\\", { ctrlKey: true }))).toBe("sidebar");
    expect(shortcutCommand(key(",", { ctrlKey: true }))).toBe("settings");
  });
  it("leaves plain typing, Alt chords and unknown keys alone", () => {
    expect(shortcutCommand(key("k"))).toBeNull();
    expect(shortcutCommand(key("k", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutCommand(key("b", { ctrlKey: true }))).toBeNull();
    expect(shortcutCommand(key("s", { ctrlKey: true }))).toBe("save");
    expect(shortcutCommand(key("S", { ctrlKey: true, shiftKey: true }))).toBe("add-story");
  });
});

describe("the command catalog", () => {
  it("names only commands the window runs, each once, and every one of them", () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...COMMAND_IDS].sort());
  });
  it("gives no two commands the same shortcut", () => {
    const keys = COMMANDS.filter((c) => c.keys).map((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

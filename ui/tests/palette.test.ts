import { describe, expect, it } from "vitest";
import { matchCommands, snippetParts } from "../src/palette";

const commands = [
  { label: "New issue" },
  { label: "Export, check and send a test…" },
  { label: "Show or hide the preview" },
  { label: "Preview as an email" },
  { label: "History of this issue…" },
];

describe("matchCommands", () => {
  it("lists every command for an empty query", () => {
    expect(matchCommands("  ", commands)).toHaveLength(commands.length);
  });
  it("matches word prefixes in any order, label starts first", () => {
    expect(matchCommands("prev", commands).map((c) => c.label)).toEqual(["Preview as an email", "Show or hide the preview"]);
    expect(matchCommands("email prev", commands).map((c) => c.label)).toEqual(["Preview as an email"]);
    expect(matchCommands("ISSUE", commands).map((c) => c.label)).toEqual(["New issue", "History of this issue…"]);
  });
  it("finds nothing when a word matches no label word", () => {
    expect(matchCommands("export zebra", commands)).toEqual([]);
    expect(matchCommands("view", commands)).toEqual([]); // inside a word is not a prefix
  });
});

describe("snippetParts", () => {
  it("marks what the search matched, keeping the rest as text", () => {
    expect(snippetParts("…the [harbour] pilot [ships]")).toEqual([
      { text: "…the ", mark: false },
      { text: "harbour", mark: true },
      { text: " pilot ", mark: false },
      { text: "ships", mark: true },
    ]);
  });
  it("passes markup through as text (the caller never uses innerHTML)", () => {
    expect(snippetParts("<img src=x onerror=alert(1)> [x]")).toEqual([
      { text: "<img src=x onerror=alert(1)> ", mark: false },
      { text: "x", mark: true },
    ]);
  });
});

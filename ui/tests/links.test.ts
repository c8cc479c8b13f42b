import { describe, expect, it } from "vitest";
import { payloadOf, placeBefore, progressText, shortcutUrl } from "../src/links";

/** A DataTransfer as a drop from a browser or a file manager fills it. */
function transfer(data: Record<string, string>, files: File[] = []): DataTransfer {
  return {
    getData: (type: string) => data[type] ?? "",
    types: Object.keys(data),
    files: files as unknown as FileList,
  } as unknown as DataTransfer;
}

describe("dropped links", () => {
  it("prefers the payload that carries titles", async () => {
    const all = { "text/x-moz-url": "https://a.example/\nA title", "text/uri-list": "https://a.example/", "text/plain": "https://a.example/" };
    expect(await payloadOf(transfer(all))).toEqual({ kind: "moz-url", data: "https://a.example/\nA title" });
    expect(await payloadOf(transfer({ "text/uri-list": "https://b.example/", "text/html": "<a href=x>x</a>" }))).toEqual({ kind: "uri-list", data: "https://b.example/" });
    expect(await payloadOf(transfer({ "text/html": "<a href=\"https://c.example\">C</a>" }))).toEqual({ kind: "html", data: "<a href=\"https://c.example\">C</a>" });
    expect(await payloadOf(transfer({ "text/plain": "see https://d.example" }))).toEqual({ kind: "text", data: "see https://d.example" });
    expect(await payloadOf(transfer({}))).toBeNull();
  });

  it("reads .url and .webloc files", async () => {
    const url = new File(["[InternetShortcut]\r\nURL=https://e.example/story?id=1\r\n"], "Story.url");
    const webloc = new File([`<?xml version="1.0"?><plist><dict><key>URL</key><string>https://f.example/a?x=1&amp;y=2</string></dict></plist>`], "F.webloc");
    const other = new File(["not a link"], "notes.txt");
    expect(await payloadOf(transfer({}, [url, webloc, other]))).toEqual({ kind: "uri-list", data: "https://e.example/story?id=1\nhttps://f.example/a?x=1&y=2" });
    expect(shortcutUrl("x.url", "no url line")).toBeNull();
    expect(shortcutUrl("x.txt", "URL=https://x.example")).toBeNull();
  });

  it("words the progress bar", () => {
    expect(progressText({ total: 10, finished: 3, failed: 0 })).toBe("Fetching links… 3 of 10");
    expect(progressText({ total: 10, finished: 9, failed: 2 })).toBe("Fetching links… 9 of 10 · 2 could not be fetched");
  });
});

describe("pasted order", () => {
  it("puts a link that arrives late before the ones pasted after it", () => {
    const batch = { links: [10, 11, 12], items: new Map<number, number>() };
    batch.items.set(12, 102); // the third link's fetch finished first
    expect(placeBefore(batch, 12)).toBeNull();
    batch.items.set(10, 100); // then the first: it goes before the third
    expect(placeBefore(batch, 10)).toBe(102);
    batch.items.set(11, 101); // the second goes between them
    expect(placeBefore(batch, 11)).toBe(102);
  });
});

import { describe, expect, it } from "vitest";
import { linkCard, statusText } from "../src/inbox";
import { clampWidth } from "../src/layout";

const meta = { final_url: null, canonical_url: null, title: null, description: null, publisher: null, author: null, published: null, image: null, logo: null, lang: null, kind: null, handle: null, likes: null, views: null };
const overrides = { title: null, description: null, publisher: null, author: null, published: null, image: null };

describe("linkCard", () => {
  it("prefers the author's overrides, then the fetched card, then the address", () => {
    const link = { url: "https://www.example.org/a", meta: { ...meta, title: "Fetched", publisher: "Example News" }, overrides };
    expect(linkCard(link)).toEqual({ title: "Fetched", publisher: "Example News", host: "example.org" });
    expect(linkCard({ ...link, overrides: { ...overrides, title: "Mine" } }).title).toBe("Mine");
    expect(linkCard({ url: "https://www.example.org/a", meta, overrides })).toEqual({ title: "https://www.example.org/a", publisher: "example.org", host: "example.org" });
  });
  it("survives an address that does not parse", () => {
    expect(linkCard({ url: "not a url", meta, overrides }).host).toBe("not a url");
  });
});

describe("statusText", () => {
  it("says where a fetch stands and why it failed", () => {
    expect(statusText({ status: "pending", reason: null })).toBe("Fetching…");
    expect(statusText({ status: "ok", reason: null })).toBe("Ready");
    expect(statusText({ status: "blocked", reason: "the site asks for a login" })).toBe("Blocked: the site asks for a login");
    expect(statusText({ status: "failed", reason: null })).toBe("Failed: could not be fetched");
  });
});

describe("clampWidth", () => {
  it("keeps panes within usable widths", () => {
    expect(clampWidth("sidebar", 10)).toBe(200);
    expect(clampWidth("sidebar", 300.4)).toBe(300);
    expect(clampWidth("preview", 5000)).toBe(1100);
  });
});

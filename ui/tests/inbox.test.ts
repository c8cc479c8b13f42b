import { describe, expect, it } from "vitest";
import { statusText } from "../src/stores/inbox.svelte";

describe("statusText", () => {
  it("says where a fetch stands and why it failed", () => {
    expect(statusText({ status: "pending", reason: null })).toBe("Fetching…");
    expect(statusText({ status: "ok", reason: null })).toBe("Ready");
    expect(statusText({ status: "blocked", reason: "the site asks for a login" })).toBe("Blocked: the site asks for a login");
    expect(statusText({ status: "failed", reason: null })).toBe("Failed: could not be fetched");
  });
});

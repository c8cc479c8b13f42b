// @vitest-environment happy-dom
// The editor's panes as components, against a recording stand-in for the Tauri IPC (the
// core is tested on its own; here what matters is what the window does with the keys).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { flushSync, tick } from "svelte";
import type { IssueDoc_Serialize as IssueDoc, Item_Serialize as Item, Story_Serialize as Story } from "../src/ipc";
import { Workspace } from "../src/stores/workspace.svelte";
import IssueEditor from "../src/components/IssueEditor.svelte";
import InboxPanel from "../src/components/InboxPanel.svelte";
import { Autosaver } from "../src/autosave";
import { Inbox } from "../src/stores/inbox.svelte";
import type { Link_Serialize as Link } from "../src/ipc";

/** Every command the components sent to the core: [name, arguments]. */
let calls: [string, Record<string, unknown>][] = [];
/** What the stand-in core answers, by command (null otherwise). */
let reply: Record<string, (args: Record<string, unknown>) => unknown> = {};

beforeEach(() => {
  calls = [];
  reply = {};
  (window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ = {
    invoke: async (cmd: string, args: Record<string, unknown>) => {
      calls.push([cmd, args]);
      return reply[cmd]?.(args) ?? null;
    },
    transformCallback: () => 0,
  };
});
afterEach(() => document.body.replaceChildren());

const story = (id: number, headline: string, items: Item[] = []): Story => ({
  id, issue_id: 1, ordinal: id, items, updated_at: "", section: "", headline, discuss_url: "",
  body: `Body of ${headline}`, summary: "", details: "", takeaway: "", reading_minutes: null,
});
const link = (id: number, group: string, source: string): Item => ({
  id, story_id: 1, ordinal: id, kind: "coverage", group_heading: group, source, role: "", title: `Title ${id}`,
  quote: "", note: "", url: `https://example.org/${id}`, likes: null, views: null, captured_at: null, link_id: null, date: "", note_first: false,
  image: "", description: "", layout: "theme",
});

function workspace(): Workspace {
  const ws = new Workspace();
  const doc: IssueDoc = {
    issue: {
      id: 1, publication_id: 1, number: 7, title: "Week seven", subtitle: "", date: "2026-11-27", status: "draft", theme: "weekly",
      intro: "", closing: "", preheader: "", created_at: "", updated_at: "",
    },
    stories: [story(1, "Alpha", [link(11, "Analysis", "Desk one"), link(12, "Analysis", "Desk two")]), story(2, "Beta"), story(3, "Gamma")],
  };
  ws.doc = doc;
  ws.storyId = 1;
  return ws;
}

const rows = () => screen.getAllByTestId("story-row");

describe("the story list", () => {
  it("opens a story on Enter and puts the caret in its headline", async () => {
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    rows()[2].focus();
    await fireEvent.keyDown(rows()[2], { key: "Enter" });
    await tick();
    await tick();
    expect(ws.storyId).toBe(3);
    const headline = screen.getByTestId("story-headline") as HTMLInputElement;
    expect(headline.value).toBe("Gamma");
    expect(document.activeElement).toBe(headline);
  });

  it("moves the focused story with Alt+arrows and tells the core", async () => {
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    await fireEvent.keyDown(rows()[1], { key: "ArrowUp", altKey: true });
    await tick();
    expect(rows().map((r) => r.querySelector(".story-headline")!.textContent)).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(calls).toContainEqual(["move_story", { id: 2, to: 0 }]);
  });

  it("leaves Alt+arrows that start inside a row's own buttons alone", async () => {
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    const up = rows()[1].querySelector<HTMLButtonElement>("[data-testid=story-up]")!;
    await fireEvent.keyDown(up, { key: "ArrowUp", altKey: true });
    expect(calls).toEqual([]);
  });
});

describe("the story editor", () => {
  it("keeps the same input while typing, so the caret is never lost to a re-render", async () => {
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    const headline = screen.getByTestId("story-headline") as HTMLInputElement;
    headline.value = "Alpha, rewritten";
    await fireEvent.input(headline);
    flushSync();
    expect(screen.getByTestId("story-headline")).toBe(headline);
    expect(ws.doc!.stories[0].headline).toBe("Alpha, rewritten");
    expect(rows()[0].querySelector(".story-headline")!.textContent).toBe("Alpha, rewritten");
  });

  it("keeps a link in its group while its group is being renamed", async () => {
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    const first = () => document.querySelector<HTMLElement>("[data-item-id='11']")!;
    await fireEvent.click(first().querySelector("[data-testid=item-edit]")!);
    const group = first().querySelector<HTMLInputElement>("[data-testid=item-group_heading]")!;
    group.value = "Analys";
    await fireEvent.input(group);
    flushSync();
    expect(first().querySelector("[data-testid=item-group_heading]")).toBe(group);
    expect(first().closest("[data-group]")!.getAttribute("data-group")).toBe("Analysis");
    // Done: now it stands under the new heading.
    await fireEvent.click(first().querySelector("[data-testid=item-edit]")!);
    flushSync();
    expect(first().closest("[data-group]")!.getAttribute("data-group")).toBe("Analys");
  });

  it("shows the story's words and reading time as the core counts them", async () => {
    reply.story_readings = () => [{ story_id: 1, words: 3, minutes: 1, label: "3 words · 1 min read" }];
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    ws.scheduleReadings();
    await new Promise((r) => setTimeout(r, 200));
    flushSync();
    expect(screen.getByTestId("story-words").textContent).toBe("3 words · 1 min read");
    expect(calls.some(([cmd, args]) => cmd === "story_readings" && (args.doc as IssueDoc).stories.length === 3)).toBe(true);
  });
});

describe("a link shown as a card", () => {
  it("switches to a card, then takes a picture of the author's own, saved with the link", async () => {
    reply.pick_image = () => [{ image: { name: "0123456789ab.jpg", mime: "image/jpeg", width: 800, height: 420, size: 5000, source: "quay.jpg", added_at: "" }, existed: false, warning: null }, "/home/sam/quay.jpg"];
    const ws = workspace();
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    const row = () => document.querySelector<HTMLElement>("[data-item-id='11']")!;
    await fireEvent.click(row().querySelector("[data-testid=item-edit]")!);
    expect(row().querySelector("[data-testid=item-description]")).toBeNull();
    const layout = row().querySelector<HTMLSelectElement>("[data-testid=item-layout]")!;
    expect(layout.querySelector("option[value=theme]")!.textContent).toBe("As the theme shows links (line)");
    layout.value = "card";
    await fireEvent.change(layout);
    flushSync();
    expect(row().querySelector("[data-testid=item-description]")).not.toBeNull();
    await fireEvent.click(row().querySelector("[data-testid=item-picture-choose]")!);
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    expect(ws.doc!.stories[0].items[0]).toMatchObject({ layout: "card", image: "0123456789ab.jpg" });
    expect(row().querySelector("[data-testid=item-picture-choose]")!.textContent).toBe("Replace picture…");
    await ws.saver.flush();
    const saved = calls.filter(([cmd]) => cmd === "update_item").at(-1)![1];
    expect(saved.fields).toMatchObject({ layout: "card", image: "0123456789ab.jpg" });
  });
});

const inboxLink = (id: number, title: string, status: Link["status"], used_in: number[] = []): Link => ({
  id, url: `https://example.org/${id}`, normalized_url: `https://example.org/${id}`,
  meta: { final_url: null, canonical_url: null, title, description: null, publisher: "Example", author: null, published: null, image: null, logo: null, lang: null, kind: null, handle: null, likes: null, views: null, words: null, image_name: null, logo_name: null },
  overrides: { title: null, description: null, publisher: null, author: null, published: null, image: null },
  status, reason: null, fetched_at: null, added_at: "", card: { title, publisher: "Example", host: "example.org" }, used_in,
  note: "", tags: [], origin: "", saved_at: null, archived_at: null, feed_id: null, feed: null,
});
const page = (links: Link[]) => ({
  links, total: links.length, tags: [{ tag: "energy", count: 1 }],
  counts: { inbox: 2, unused: 1, used: 1, failed: 0, archived: 0 },
});

describe("the inbox", () => {
  it("never overwrites a title being typed when other links' fetches report in", async () => {
    const inbox = new Inbox(new Autosaver(60_000, () => {}));
    inbox.links = [inboxLink(1, "Fetched title", "ok"), inboxLink(2, "https://example.org/2", "pending")];
    render(InboxPanel, { inbox, attach: async () => true, openLink: () => {} });
    const card = () => document.querySelector<HTMLElement>("[data-link-id='1']")!;
    await fireEvent.click(card().querySelector("[data-testid=inbox-edit]")!);
    const title = card().querySelector<HTMLInputElement>("[data-testid=inbox-edit-title]")!;
    title.value = "My own title";
    await fireEvent.input(title);
    // Progress: the other link is fetched; then this one's card arrives again (a re-fetch).
    inbox.upsert(inboxLink(2, "Second, fetched", "ok"));
    inbox.upsert(inboxLink(1, "Fetched again", "ok"));
    flushSync();
    expect(card().querySelector("[data-testid=inbox-edit-title]")).toBe(title);
    expect(title.value).toBe("My own title");
    expect(inbox.link(1)!.overrides.title).toBe("My own title");
    expect(document.querySelector("[data-link-id='2'] [data-testid=inbox-title]")!.textContent).toBe("Second, fetched");
  });

  it("says which issues use a link, and asks the core for the links a filter shows", async () => {
    const inbox = new Inbox(new Autosaver(60_000, () => {}));
    const used = inboxLink(1, "Used twice", "ok", [3, 5]);
    const unused = { ...inboxLink(2, "Not used yet", "ok"), tags: ["energy"], note: "Lead story?" };
    reply.feeds_list = () => [];
    reply.inbox_query = (args) => page((args.query as { show: string }).show === "unused" ? [unused] : [used, unused]);
    await inbox.refresh();
    render(InboxPanel, { inbox, attach: async () => true, openLink: () => {} });
    expect(screen.getByTestId("inbox-used").textContent).toBe("In issue #3, #5");
    expect(screen.getByTestId("inbox-note").textContent).toBe("Lead story?");
    expect(screen.getByTestId("inbox-show").textContent).toContain("Not in an issue (1)");
    const show = screen.getByTestId<HTMLSelectElement>("inbox-show");
    show.value = "unused";
    await fireEvent.change(show);
    await inbox.refresh();
    flushSync();
    expect(calls.filter(([c]) => c === "inbox_query").at(-1)![1].query).toMatchObject({ show: "unused", limit: 200 });
    expect(screen.getAllByTestId("inbox-title").map((t) => t.textContent)).toEqual(["Not used yet"]);
    // A tag on a card shows the links with that tag.
    await fireEvent.click(screen.getByText("#energy"));
    expect(calls.filter(([c]) => c === "inbox_query").at(-1)![1].query).toMatchObject({ tag: "energy" });
  });

  it("archives the ticked links together and edits tags by what changed", async () => {
    const inbox = new Inbox(new Autosaver(60_000, () => {}));
    const links = [inboxLink(1, "One", "ok"), { ...inboxLink(2, "Two", "ok"), tags: ["Energy", "old"] }, inboxLink(3, "Three", "ok")];
    reply.feeds_list = () => [];
    reply.inbox_query = () => page(links);
    reply.inbox_tag = () => [];
    await inbox.refresh();
    render(InboxPanel, { inbox, attach: async () => true, openLink: () => {} });
    const ticks = screen.getAllByTestId("inbox-select");
    await fireEvent.click(ticks[0]);
    await fireEvent.click(ticks[2]);
    flushSync();
    expect(screen.getByTestId("inbox-bulk").textContent).toContain("2 selected");
    await fireEvent.click(screen.getByTestId("inbox-bulk-archive"));
    expect(calls.find(([c]) => c === "inbox_archive")![1]).toEqual({ ids: [1, 3], archived: true });

    await fireEvent.click(document.querySelector("[data-link-id='2'] [data-testid=inbox-edit]")!);
    const tags = screen.getByTestId<HTMLInputElement>("inbox-edit-tags");
    expect(tags.value).toBe("Energy, old");
    tags.value = "energy, #weekly";
    await fireEvent.input(tags);
    await fireEvent.change(tags);
    expect(calls.find(([c]) => c === "inbox_tag")![1]).toEqual({ ids: [2], add: ["weekly"], remove: ["old"] });
  });
});

describe("a reaction's counts", () => {
  it("shows the line the core writes, asking once per pair of counts", async () => {
    const ws = workspace();
    const reaction: Item = { ...link(21, "", "Ada"), kind: "reaction", quote: "Big if true", likes: 1047, views: 73368 };
    ws.doc!.stories[0].items.push(reaction, { ...reaction, id: 22 });
    reply.counts_line = ({ likes, views }) => `core: ${likes} and ${views}`;
    render(IssueEditor, { ws, onexport: () => {}, onhistory: () => {} });
    await new Promise((r) => setTimeout(r, 0)); // the core's answer
    await tick();
    const shown = screen.getAllByTestId("reaction-item").map((r) => r.textContent);
    expect(shown).toEqual([expect.stringContaining("core: 1047 and 73368"), expect.stringContaining("core: 1047 and 73368")]);
    expect(calls.filter(([c]) => c === "counts_line")).toEqual([["counts_line", { likes: 1047, views: 73368 }]]);
  });
});

describe("following the library", () => {
  it("tells the window's own autosaves of the open issue from changes elsewhere", () => {
    const ws = workspace();
    const none = { issues: [], stories: [], items: [], links: [], settings: false };
    expect(ws.onlyOpenIssue({ ...none, issues: [1], stories: [2], items: [11] })).toBe(true);
    expect(ws.onlyOpenIssue({ ...none, issues: [2] })).toBe(false); // another issue
    expect(ws.onlyOpenIssue({ ...none, stories: [99] })).toBe(false); // a story not shown (added or gone)
  });
});

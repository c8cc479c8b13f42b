// Links into a story: what a drop or paste carries becomes inbox links, fetched in the
// background by the core, and each is attached to the story once its card is in: as a
// reaction when it is a social post, else as coverage under the chosen group heading.

import { api, fetchChannel } from "./ipc";
import { h } from "./dom";
import type { FetchEvent_Deserialize as FetchEvent, Item_Serialize as Item, PayloadKind } from "./ipc";

/** What attaching needs of a link (the card itself stays in the core). */
type Link = { id: number; meta: { kind?: string | null } };

export type Payload = { kind: PayloadKind; data: string };

/** A `.url` (Windows shortcut) or `.webloc` (macOS) file's link. */
export function shortcutUrl(name: string, text: string): string | null {
  if (/\.url$/i.test(name)) {
    const m = /^\s*URL\s*=\s*(\S+)\s*$/im.exec(text);
    return m ? m[1] : null;
  }
  if (/\.webloc$/i.test(name)) {
    const m = /<key>\s*URL\s*<\/key>\s*<string>([^<]+)<\/string>/i.exec(text);
    return m ? m[1].trim().replace(/&amp;/g, "&") : null;
  }
  return null;
}

/**
 * The richest payload a drop carries: `text/x-moz-url` (URL and title), then
 * `text/uri-list`, `text/html` (anchors and their text), plain text, and finally dropped
 * `.url`/`.webloc` files.
 */
export async function payloadOf(dt: DataTransfer): Promise<Payload | null> {
  const get = (type: string) => {
    try {
      return dt.getData(type);
    } catch {
      return "";
    }
  };
  const moz = get("text/x-moz-url");
  if (moz.trim()) return { kind: "moz-url", data: moz };
  const list = get("text/uri-list");
  if (list.trim()) return { kind: "uri-list", data: list };
  const html = get("text/html");
  if (html.trim()) return { kind: "html", data: html };
  const text = get("text/plain");
  if (text.trim()) return { kind: "text", data: text };
  const urls: string[] = [];
  for (const f of Array.from(dt.files ?? [])) {
    if (!/\.(url|webloc)$/i.test(f.name) || f.size > 64 * 1024) continue;
    const url = shortcutUrl(f.name, await f.text());
    if (url) urls.push(url);
  }
  return urls.length ? { kind: "uri-list", data: urls.join("\n") } : null;
}

export type AddProgress = { total: number; finished: number; failed: number };

/**
 * One paste or drop: its links in the order given, and the item each became once
 * attached, so a link whose fetch finishes late still takes its pasted place.
 */
export type Batch = { links: number[]; items: Map<number, number> };

/** What attaching needs to know about a link whose fetch is under way. */
type Waiting = { storyId: number; group: string; batch: Batch };

/**
 * Adds links to stories. One per window: progress events for links it did not ask about
 * are ignored, and events that arrive before `inboxAdd` answers are kept until it does.
 * Links keep the order they were pasted in, whatever order their fetches finish in.
 */
export class LinkAdder {
  private waiting = new Map<number, Waiting>();
  private early = new Map<number, Link>();
  /** Attaching runs one link at a time, so each lands where the ones before it left room. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    /** Shows `item`, attached to `storyId` before item `before` (null: at the end). */
    private onItem: (storyId: number, item: Item, before: number | null) => Promise<void> | void,
    private onProgress: (p: AddProgress | null) => void,
    private onProblem: (message: string) => void,
    /** Whether story `storyId` already holds an item made from link `linkId`. */
    private has: (storyId: number, linkId: number) => boolean = () => false,
  ) {}

  /** Adds what `payload` holds to the inbox and, as cards arrive, to story `storyId`. */
  async add(payload: Payload, storyId: number, group: string): Promise<number> {
    const channel = fetchChannel((e) => this.onEvent(e));
    const result = await api.inboxAdd(payload.kind, payload.data, channel);
    if (result.rejected.length) this.onProblem(result.rejected.map((r) => `${r.url}: ${r.reason}`).join("; "));
    if (!result.added.length) {
      this.onProblem("No web links found in what was dropped or pasted.");
      return 0;
    }
    const batch: Batch = { links: result.added.map((a) => a.link.id), items: new Map() };
    for (const a of result.added) {
      const early = this.early.get(a.link.id);
      if (a.link.status !== "pending" || early) {
        this.early.delete(a.link.id);
        void this.attach(early ?? a.link, { storyId, group, batch });
      } else {
        this.waiting.set(a.link.id, { storyId, group, batch });
      }
    }
    await this.queue;
    if (!this.waiting.size) this.onProgress(null);
    return result.added.length;
  }

  private onEvent(e: FetchEvent): void {
    if (e.type === "error") {
      this.onProblem(e.message);
      return;
    }
    this.onProgress(e.finished >= e.total ? null : { total: e.total, finished: e.finished, failed: e.failed });
    if ((e.state !== "done" && e.state !== "failed") || !e.link) return;
    const w = this.waiting.get(e.link_id);
    if (!w) {
      this.early.set(e.link_id, e.link);
      return;
    }
    this.waiting.delete(e.link_id);
    void this.attach(e.link, w);
  }

  private attach(link: Link, w: Waiting): Promise<void> {
    this.queue = this.queue.then(async () => {
      const { storyId, group, batch } = w;
      if (this.has(storyId, link.id)) return; // pasted twice: the story keeps one
      const kind = link.meta.kind === "social" ? "reaction" : "coverage";
      try {
        const item = await api.attachLink(link.id, storyId, kind, kind === "coverage" ? group : "");
        batch.items.set(link.id, item.id);
        await this.onItem(storyId, item, placeBefore(batch, link.id));
      } catch (e) {
        this.onProblem(e instanceof Error ? e.message : String(e));
      }
    });
    return this.queue;
  }
}

/**
 * The item a newly attached link goes before: the first item made from a link pasted
 * after it, or null (the end) when none of those is in yet.
 */
export function placeBefore(batch: Batch, linkId: number): number | null {
  const at = batch.links.indexOf(linkId);
  for (const later of batch.links.slice(at + 1)) {
    const item = batch.items.get(later);
    if (item != null) return item;
  }
  return null;
}

/** `Fetching links… 3 of 10` (and how many failed). */
export function progressText(p: AddProgress): string {
  const failed = p.failed ? ` · ${p.failed} could not be fetched` : "";
  return `Fetching links… ${p.finished} of ${p.total}${failed}`;
}

/**
 * A field for pasting links: Enter adds what was typed or pasted; pasted HTML with anchors
 * is added as HTML, since the anchors carry titles the plain text would lose.
 */
export function pasteField(attrs: { placeholder: string; label: string; testid: string }, add: (p: Payload) => void): HTMLInputElement {
  return h("input", {
    type: "text", placeholder: attrs.placeholder, "aria-label": attrs.label, "data-testid": attrs.testid,
    onkeydown: (e: KeyboardEvent) => {
      const input = e.target as HTMLInputElement;
      if (e.key !== "Enter" || !input.value.trim()) return;
      e.preventDefault();
      const data = input.value;
      input.value = "";
      add({ kind: "text", data });
    },
    onpaste: (e: ClipboardEvent) => {
      const html = e.clipboardData?.getData("text/html");
      if (html && /<a\s/i.test(html)) {
        e.preventDefault();
        add({ kind: "html", data: html });
      }
    },
  });
}

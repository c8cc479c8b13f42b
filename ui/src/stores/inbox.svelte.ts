// The link inbox as the window holds it: every collected link with the card the core
// worked out, where its fetch stands, and which issues use it. Progress events replace
// one link in place; a link's edit form keeps what is typed (see InboxEditForm.svelte).

import { api, fetchChannel } from "../ipc";
import { errorText } from "../dialog";
import { SvelteSet } from "svelte/reactivity";
import type {
  Feed_Serialize as Feed,
  FetchEvent_Deserialize as FetchEvent,
  InboxCounts,
  Link_Serialize as Link,
  LinkOverrides_Deserialize as Overrides,
  LinkShow,
  LinkSort,
  TagCount,
} from "../ipc";
import type { Autosaver } from "../autosave";
import { ask } from "../dom";
import { progressText, type Payload } from "../links";

/** The status line: `Fetching…`, `Ready`, or why not, in the core's words. */
export function statusText(link: Pick<Link, "status" | "reason">): string {
  switch (link.status) {
    case "pending":
      return "Fetching…";
    case "ok":
      return "Ready";
    case "blocked":
      return `Blocked: ${link.reason || "the site refused"}`;
    case "failed":
      return `Failed: ${link.reason || "could not be fetched"}`;
  }
}

/** How many links a page of the inbox shows; "Show more" adds as many again. */
export const PAGE = 200;
const SHOW_KEY = "masthead.inbox.show";

export class Inbox {
  /** The links shown: the first `limit` of those the filters match. */
  links = $state<Link[]>([]);
  /** How many links the filters match in all. */
  total = $state(0);
  counts = $state<InboxCounts>({ inbox: 0, unused: 0, used: 0, failed: 0, archived: 0 });
  tags = $state<TagCount[]>([]);
  show = $state<LinkShow>("inbox");
  tag = $state<string | null>(null);
  search = $state("");
  /** Only the links of this feed. */
  feed = $state<number | null>(null);
  sort = $state<LinkSort>("saved");
  /** The feeds followed, for the filter (the Feeds dialog edits them). */
  feeds = $state<Feed[]>([]);
  feedsOpen = $state(false);
  limit = $state(PAGE);
  /** Links ticked for a bulk action, by id. */
  selected = new SvelteSet<number>();
  /** What the last add or fetch said (progress, or what went wrong). */
  said = $state("");
  /** How far a fetch is, 0–100, while one runs. */
  done = $state<number | null>(null);
  /** Why the list could not be read, if it could not. */
  problem = $state<string | null>(null);
  editing = $state<number | null>(null);
  highlight = $state<number | null>(null);
  /** Whether any filter narrows the list (the empty message says so). */
  filtered = $derived(this.show !== "inbox" || this.tag != null || this.feed != null || this.search.trim() !== "");
  private asked = 0;
  /** What stays said once a fetch is over (an import's summary). */
  private standing = "";

  constructor(private saver: Autosaver) {
    try {
      const show = localStorage.getItem(SHOW_KEY);
      if (show === "unused" || show === "inbox") this.show = show;
      // The choice the inbox had before filters: hiding used links.
      else if (localStorage.getItem("masthead.inbox.hideUsed") === "true") this.show = "unused";
    } catch {
      // storage unavailable: show the inbox
    }
  }

  /** Shows another view of the inbox, from its first page. */
  view(change: { show?: LinkShow; tag?: string | null; feed?: number | null; search?: string; sort?: LinkSort }): Promise<void> {
    if (change.show !== undefined) {
      this.show = change.show;
      try {
        localStorage.setItem(SHOW_KEY, change.show);
      } catch {
        // the choice lasts for this session
      }
    }
    if (change.tag !== undefined) this.tag = change.tag;
    if (change.feed !== undefined) this.feed = change.feed;
    if (change.search !== undefined) this.search = change.search;
    if (change.sort !== undefined) this.sort = change.sort;
    this.limit = PAGE;
    this.selected.clear();
    return this.refresh();
  }

  showMore(): Promise<void> {
    this.limit += PAGE;
    return this.refresh();
  }

  async refresh(): Promise<void> {
    const asked = ++this.asked;
    try {
      const query = { show: this.show, tag: this.tag, feed: this.feed, search: this.search, sort: this.sort, limit: this.limit };
      const [page, feeds] = await Promise.all([api.inboxQuery(query), api.feedsList().catch(() => this.feeds)]);
      if (asked !== this.asked) return; // a later view was asked for meanwhile
      // A link whose edit is not saved yet keeps what the author typed.
      const links = page.links.map((l) => this.keepTyped(l));
      // A link found from the palette stays at the top while it is shown, filters or not.
      const pinned = this.highlight != null && !links.some((l) => l.id === this.highlight) ? this.link(this.highlight) : undefined;
      this.links = pinned ? [pinned, ...links] : links;
      this.total = page.total;
      this.counts = page.counts;
      this.tags = page.tags;
      this.feeds = feeds;
      if (this.feed != null && !feeds.some((f) => f.id === this.feed)) this.feed = null;
      if (this.tag != null && !page.tags.some((t) => t.tag.toLowerCase() === this.tag!.toLowerCase())) this.tag = null;
      for (const id of this.selected) if (!this.link(id)) this.selected.delete(id);
      this.problem = null;
    } catch (e) {
      this.problem = `Could not read the inbox: ${errorText(e)}`;
    }
  }

  /** The card of link `id` as the inbox last saw it (a drag starts from one). */
  link(id: number): Link | undefined {
    return this.links.find((l) => l.id === id);
  }

  /** Shows link `id` (from a search), marked, at the top; the row scrolls itself into view. */
  async reveal(id: number): Promise<void> {
    this.highlight = id;
    if (!this.link(id)) {
      const [found] = await api.inboxGet([id]).catch(() => []);
      if (found) this.links = [found, ...this.links];
    }
    await this.refresh();
  }

  private channel() {
    return fetchChannel((e) => this.onEvent(e));
  }

  async add(payload: Payload): Promise<void> {
    this.standing = "";
    try {
      const result = await api.inboxAdd(payload.kind, payload.data, this.channel());
      // A fast fetch's events can beat this answer: keep a card they already finished.
      for (const a of result.added) {
        const known = this.link(a.link.id);
        if (!known || known.status === "pending") this.upsert(a.link);
      }
      const refused = result.rejected.map((r) => `${r.url}: ${r.reason}`).join("; ");
      this.say(result.added.length ? (refused ? `Not added: ${refused}` : "") : refused || "No web links found in what was pasted.");
    } catch (e) {
      this.say(`Could not add the links: ${errorText(e)}`);
    }
  }

  private say(text: string, done: number | null = null): void {
    this.said = text;
    this.done = done;
  }

  private onEvent(e: FetchEvent): void {
    if (e.type === "error") return this.say(e.message);
    if (e.finished >= e.total) this.say(e.failed ? `${e.failed} of ${e.total} links could not be fetched: see the reasons below` : this.standing);
    else this.say(progressText(e), Math.round((100 * e.finished) / Math.max(1, e.total)));
    if (e.link && this.link(e.link.id)) this.upsert(e.link as Link); // optional fields arrive as absent rather than null
  }

  /** The author's unsaved overrides win over what a fetch or a list read brings. */
  private keepTyped(incoming: Link): Link {
    const mine = this.link(incoming.id);
    if (!mine) return incoming;
    const typed = this.saver.isPending(`link:${incoming.id}`) ? { overrides: mine.overrides } : {};
    const noted = this.saver.isPending(`note:${incoming.id}`) ? { note: mine.note } : {};
    return { ...incoming, ...typed, ...noted };
  }

  /** Puts `link` in place of the one with its id (or first, when new): one card changes. */
  upsert(link: Link): void {
    const i = this.links.findIndex((l) => l.id === link.id);
    const next = this.keepTyped(link);
    if (i >= 0) this.links[i] = next;
    else this.links.unshift(next);
  }

  async retry(link: Link): Promise<void> {
    try {
      this.upsert({ ...link, status: "pending" });
      await api.inboxFetch([link.id], this.channel());
    } catch (e) {
      this.say(`Could not fetch again: ${errorText(e)}`);
    }
  }

  async remove(link: Link): Promise<void> {
    const ok = await ask({
      title: "Remove this link from the inbox?",
      body: `“${link.card.title}” leaves the inbox. Stories that use it keep their own copy.`,
      confirm: "Remove", danger: true,
    });
    if (!ok) return;
    await this.removeIds([link.id]);
  }

  private async removeIds(ids: number[]): Promise<void> {
    try {
      await api.inboxDelete(ids);
      this.links = this.links.filter((l) => !ids.includes(l.id));
      for (const id of ids) this.selected.delete(id);
      await this.refresh();
    } catch (e) {
      this.say(`Not removed: ${errorText(e)}`);
    }
  }

  /** Imports another tool's export (the system's Open dialog asks which file). */
  async importFile(): Promise<void> {
    try {
      const report = await api.inboxImport(null, this.channel());
      if (!report) return;
      const skipped = report.skipped.slice(0, 3).map((s) => `${s.place}: ${s.reason}`);
      this.standing = [report.summary, ...skipped].join(" ");
      this.say(this.standing);
      await this.view({ show: "inbox", tag: null, feed: null, search: "", sort: "saved" });
    } catch (e) {
      this.say(`Nothing was imported: ${errorText(e)}`);
    }
  }

  /** Archives link(s) or brings them back. */
  async archive(ids: number[], archived: boolean): Promise<void> {
    try {
      await api.inboxArchive(ids, archived);
      for (const id of ids) this.selected.delete(id);
      const n = ids.length === 1 ? "1 link" : `${ids.length} links`;
      this.say(archived ? `Archived ${n}: find archived links under Show › Archived.` : `${n} back in the inbox.`);
      await this.refresh();
    } catch (e) {
      this.say(`Not archived: ${errorText(e)}`);
    }
  }

  /** Adds and removes tags on link(s). */
  async retag(ids: number[], add: string[], remove: string[]): Promise<void> {
    if (!add.length && !remove.length) return;
    try {
      for (const l of await api.inboxTag(ids, add, remove)) this.upsert(l);
      await this.refresh();
    } catch (e) {
      this.say(`Tags not changed: ${errorText(e)}`);
    }
  }

  /** Removes the ticked links, after asking. */
  async removeSelected(): Promise<void> {
    const ids = [...this.selected];
    const ok = await ask({
      title: `Remove ${ids.length === 1 ? "this link" : `these ${ids.length} links`} from the inbox?`,
      body: "Stories that use them keep their own copy.",
      confirm: "Remove", danger: true,
    });
    if (ok) await this.removeIds(ids);
  }

  /** Records the author's note on a link; saved after a pause like every edit. */
  note(id: number, value: string): void {
    const link = this.link(id);
    if (!link) return;
    link.note = value;
    this.saver.touch(`note:${id}`, async () => {
      await api.inboxNote(id, value);
    });
  }

  /** Records what the author typed over the card; saved after a pause like every edit. */
  edit(id: number, field: "title" | "publisher", value: string): void {
    const link = this.link(id);
    if (!link) return;
    link.overrides = { ...link.overrides, [field]: value.trim() ? value : null };
    const overrides: Overrides = $state.snapshot(link.overrides);
    this.saver.touch(`link:${id}`, async () => {
      const saved = await api.inboxEdit(id, overrides);
      const i = this.links.findIndex((l) => l.id === id);
      // The card the core worked out, with whatever was typed since this save began.
      if (i >= 0) this.links[i] = { ...saved, overrides: this.links[i].overrides };
    });
  }
}

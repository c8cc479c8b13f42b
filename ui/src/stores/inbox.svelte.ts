// The link inbox as the window holds it: every collected link with the card the core
// worked out, where its fetch stands, and which issues use it. Progress events replace
// one link in place; a link's edit form keeps what is typed (see InboxEditForm.svelte).

import { api, fetchChannel } from "../ipc";
import { errorText } from "../dialog";
import type { FetchEvent_Deserialize as FetchEvent, Link_Serialize as Link, LinkOverrides_Deserialize as Overrides } from "../ipc";
import type { Autosaver } from "../autosave";
import { ask } from "../dom";
import { progressText, type Payload } from "../links";

const HIDE_USED_KEY = "masthead.inbox.hideUsed";

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

export class Inbox {
  links = $state<Link[]>([]);
  /** What the last add or fetch said (progress, or what went wrong). */
  said = $state("");
  /** How far a fetch is, 0–100, while one runs. */
  done = $state<number | null>(null);
  /** Why the list could not be read, if it could not. */
  problem = $state<string | null>(null);
  editing = $state<number | null>(null);
  highlight = $state<number | null>(null);
  hideUsed = $state(false);

  shown = $derived(this.hideUsed ? this.links.filter((l) => !l.used_in.length) : this.links);
  usedCount = $derived(this.links.filter((l) => l.used_in.length).length);

  constructor(private saver: Autosaver) {
    try {
      this.hideUsed = localStorage.getItem(HIDE_USED_KEY) === "true";
    } catch {
      // storage unavailable: show everything
    }
  }

  setHideUsed(hide: boolean): void {
    this.hideUsed = hide;
    try {
      localStorage.setItem(HIDE_USED_KEY, String(hide));
    } catch {
      // the choice lasts for this session
    }
  }

  async refresh(): Promise<void> {
    try {
      const links = await api.inboxList();
      // A link whose edit is not saved yet keeps what the author typed.
      this.links = links.map((l) => this.keepTyped(l));
      this.problem = null;
    } catch (e) {
      this.problem = `Could not read the inbox: ${errorText(e)}`;
    }
  }

  /** The card of link `id` as the inbox last saw it (a drag starts from one). */
  link(id: number): Link | undefined {
    return this.links.find((l) => l.id === id);
  }

  /** Shows link `id` (from a search), marked; the row scrolls itself into view. */
  async reveal(id: number): Promise<void> {
    this.highlight = id;
    if (this.hideUsed && this.link(id)?.used_in.length) this.setHideUsed(false);
    await this.refresh();
  }

  private channel() {
    return fetchChannel((e) => this.onEvent(e));
  }

  async add(payload: Payload): Promise<void> {
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
    if (e.finished >= e.total) this.say(e.failed ? `${e.failed} of ${e.total} links could not be fetched: see the reasons below` : "");
    else this.say(progressText(e), Math.round((100 * e.finished) / Math.max(1, e.total)));
    if (e.link) this.upsert(e.link as Link); // the same link; optional fields arrive as absent rather than null
  }

  /** The author's unsaved overrides win over what a fetch or a list read brings. */
  private keepTyped(incoming: Link): Link {
    const mine = this.link(incoming.id);
    if (!mine || !this.saver.isPending(`link:${incoming.id}`)) return incoming;
    return { ...incoming, overrides: mine.overrides };
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
    try {
      await api.inboxDelete(link.id);
      this.links = this.links.filter((l) => l.id !== link.id);
    } catch (e) {
      this.say(`Not removed: ${errorText(e)}`);
    }
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

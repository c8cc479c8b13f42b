// The link inbox panel: every link the author has collected, with its card (favicon,
// title, publisher) and where its fetch stands, ready to be dragged onto a story or added
// to the open one. Adding, fetching and storing are the core's; this panel shows them.

import { api, AppError, fetchChannel } from "./ipc";
import type { FetchEvent_Deserialize as FetchEvent, Link_Serialize as Link } from "./ipc";
import { ask, h, icon } from "./dom";
import { pasteField, payloadOf, progressText, type AddProgress, type Payload } from "./links";

/** The drag type an inbox link travels as inside the window (its id). */
export const LINK_DRAG = "text/x-masthead-link";

function message(e: unknown): string {
  return e instanceof AppError || e instanceof Error ? e.message : String(e);
}

/** What a link's card shows: the author's overrides first, then what was fetched. */
export function linkCard(link: Pick<Link, "url" | "meta" | "overrides">): { title: string; publisher: string; host: string } {
  let host = "";
  try {
    host = new URL(link.meta.final_url || link.url).hostname.replace(/^www\./, "");
  } catch {
    host = link.url;
  }
  const title = link.overrides.title || link.meta.title || link.url;
  const publisher = link.overrides.publisher || link.meta.publisher || link.meta.author || host;
  return { title, publisher, host };
}

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

export class InboxPanel {
  readonly el: HTMLElement;
  private links: Link[] = [];
  private list = h("ul", { class: "inbox-list", "data-testid": "inbox-list", "aria-label": "Links in the inbox" });
  private bar = h("div", { class: "fetch-progress", role: "status", "aria-live": "polite", "data-testid": "inbox-progress", hidden: true });
  private editing: number | null = null;
  private highlight: number | null = null;

  constructor(
    /** Attaches a link to the open story (as a reaction when it is a post); false when no story is open. */
    private attach: (link: Link) => Promise<boolean>,
    private onCount: (n: number) => void,
  ) {
    const paste = pasteField(
      { placeholder: "Paste links and press Enter", label: "Add links to the inbox", testid: "inbox-input" },
      (p) => void this.add(p),
    );
    this.el = h("section", {
      class: "inbox", "aria-label": "Link inbox", "data-testid": "inbox",
      ondragover: (e: DragEvent) => {
        if (e.dataTransfer?.types.includes(LINK_DRAG)) return;
        e.preventDefault();
        this.el.classList.add("over");
      },
      ondragleave: () => this.el.classList.remove("over"),
      ondrop: (e: DragEvent) => {
        this.el.classList.remove("over");
        if (!e.dataTransfer || e.dataTransfer.types.includes(LINK_DRAG)) return;
        e.preventDefault();
        void payloadOf(e.dataTransfer).then((p) => p && this.add(p));
      },
    },
      h("p", { class: "hint" }, "Collect links here as you read: drop them from the browser or paste many at once. Drag one onto a story, or press Add to story."),
      paste,
      this.bar,
      this.list,
    );
  }

  async refresh(): Promise<void> {
    try {
      this.links = await api.inboxList();
    } catch (e) {
      this.list.replaceChildren(h("li", { class: "hint" }, `Could not read the inbox: ${message(e)}`));
      return;
    }
    this.render();
  }

  /** The card of link `id` as the panel last saw it (a drag starts from one). */
  link(id: number): Link | undefined {
    return this.links.find((l) => l.id === id);
  }

  /** Shows link `id` (from a search), scrolled into view and marked. */
  async reveal(id: number): Promise<void> {
    this.highlight = id;
    await this.refresh();
    const row = this.list.querySelector<HTMLElement>(`[data-link-id="${id}"]`);
    row?.scrollIntoView({ block: "center" });
    row?.focus();
  }

  private channel() {
    return fetchChannel((e) => this.onEvent(e));
  }

  private async add(payload: Payload): Promise<void> {
    try {
      const result = await api.inboxAdd(payload.kind, payload.data, this.channel());
      // A fast fetch's events can beat this answer: keep a card they already finished.
      for (const a of result.added) {
        const known = this.link(a.link.id);
        if (!known || known.status === "pending") this.upsert(a.link);
      }
      const refused = result.rejected.map((r) => `${r.url}: ${r.reason}`).join("; ");
      this.say(result.added.length ? (refused ? `Not added: ${refused}` : "") : refused || "No web links found in what was pasted.");
      this.render();
    } catch (e) {
      this.say(`Could not add the links: ${message(e)}`);
    }
  }

  private say(text: string): void {
    this.bar.hidden = !text;
    this.bar.textContent = text;
    this.bar.style.removeProperty("--done");
  }

  private onEvent(e: FetchEvent): void {
    if (e.type === "error") return this.say(e.message);
    const p: AddProgress = { total: e.total, finished: e.finished, failed: e.failed };
    if (e.finished >= e.total) this.say(p.failed ? `${p.failed} of ${p.total} links could not be fetched: see the reasons below` : "");
    else {
      this.say(progressText(p));
      this.bar.style.setProperty("--done", `${Math.round((100 * p.finished) / Math.max(1, p.total))}%`);
    }
    if (e.link) {
      this.upsert(e.link as Link); // the same link; optional fields arrive as absent rather than null
      this.render();
    }
  }

  private upsert(link: Link): void {
    const i = this.links.findIndex((l) => l.id === link.id);
    if (i >= 0) this.links[i] = link;
    else this.links.unshift(link);
  }

  private async retry(link: Link): Promise<void> {
    try {
      link.status = "pending";
      this.render();
      await api.inboxFetch([link.id], this.channel());
    } catch (e) {
      this.say(`Could not fetch again: ${message(e)}`);
    }
  }

  private async remove(link: Link): Promise<void> {
    const ok = await ask({
      title: "Remove this link from the inbox?",
      body: `“${linkCard(link).title}” leaves the inbox. Stories that use it keep their own copy.`,
      confirm: "Remove", danger: true,
    });
    if (!ok) return;
    try {
      await api.inboxDelete(link.id);
      this.links = this.links.filter((l) => l.id !== link.id);
      this.render();
    } catch (e) {
      this.say(`Not removed: ${message(e)}`);
    }
  }

  private async edit(link: Link, field: "title" | "publisher", value: string): Promise<void> {
    // The card as last saved (an earlier field's edit replaced the object this form began with).
    const current = this.links.find((l) => l.id === link.id) ?? link;
    const overrides = { ...current.overrides, [field]: value.trim() ? value : null };
    try {
      const saved = await api.inboxEdit(link.id, overrides);
      this.upsert(saved);
      // The card shows the new text at once; the form stays open for the next field.
      const row = this.list.querySelector(`[data-link-id="${link.id}"]`);
      const card = linkCard(saved);
      const titleEl = row?.querySelector(".inbox-title");
      const publisherEl = row?.querySelector(".inbox-publisher");
      if (titleEl) titleEl.textContent = card.title;
      if (publisherEl) publisherEl.textContent = card.publisher;
    } catch (e) {
      this.say(`Not saved: ${message(e)}`);
    }
  }

  private render(): void {
    this.onCount(this.links.length);
    if (!this.links.length) {
      this.list.replaceChildren(h("li", { class: "hint empty-inbox" }, "The inbox is empty."));
      return;
    }
    const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-link-id]")?.dataset.linkId;
    this.list.replaceChildren(...this.links.map((l) => this.row(l)));
    if (focused && !this.list.contains(document.activeElement)) this.list.querySelector<HTMLElement>(`[data-link-id="${focused}"]`)?.focus();
  }

  private row(link: Link): HTMLElement {
    const card = linkCard(link);
    const logo = link.meta.logo && /^https?:\/\//i.test(link.meta.logo) ? link.meta.logo : null;
    const editing = this.editing === link.id;
    const field = (key: "title" | "publisher", label: string, value: string) =>
      h("label", { class: "field" }, h("span", {}, label),
        h("input", { type: "text", value, "data-testid": `inbox-edit-${key}`, onchange: (e: Event) => void this.edit(link, key, (e.target as HTMLInputElement).value) }));
    return h("li", {
      class: `inbox-link ${link.status}${this.highlight === link.id ? " highlight" : ""}`, "data-link-id": link.id, "data-testid": "inbox-link",
      draggable: "true", tabindex: 0, "aria-label": `${card.title}, ${card.publisher}. ${statusText(link)}`,
      ondragstart: (e: DragEvent) => {
        e.dataTransfer?.setData(LINK_DRAG, String(link.id));
        e.dataTransfer?.setData("text/uri-list", link.url);
        e.dataTransfer?.setData("text/plain", link.url);
      },
    },
      h("div", { class: "inbox-card" },
        logo
          ? h("img", { class: "favicon", src: logo, alt: "", width: 16, height: 16, referrerpolicy: "no-referrer", loading: "lazy" })
          : h("span", { class: "favicon letter", "aria-hidden": "true" }, (card.host[0] ?? "?").toUpperCase()),
        h("div", { class: "inbox-text" },
          h("div", { class: "inbox-title", "data-testid": "inbox-title" }, card.title),
          h("div", { class: "inbox-publisher" }, card.publisher),
          h("div", { class: `inbox-status ${link.status}`, "data-testid": "inbox-status", title: link.reason ?? "" }, statusText(link)),
        ),
      ),
      h("div", { class: "inbox-actions" },
        h("button", { "data-testid": "inbox-attach", title: "Add to the open story (or drag the link onto a story)",
          onclick: () => void this.attach(link).then((ok) => ok || this.say("Open a story first, then add the link to it.")) }, "Add to story"),
        link.status !== "ok" && link.status !== "pending"
          ? h("button", { "data-testid": "inbox-retry", onclick: () => void this.retry(link) }, "Retry")
          : null,
        h("button", { class: "icon", "aria-label": editing ? "Done editing" : "Edit", "aria-expanded": editing, "data-testid": "inbox-edit",
          onclick: () => { this.editing = editing ? null : link.id; this.render(); } }, editing ? "Done" : icon("rename")),
        h("button", { class: "icon danger", "aria-label": "Remove from the inbox", "data-testid": "inbox-delete", onclick: () => void this.remove(link) }, icon("delete")),
      ),
      editing
        ? h("div", { class: "item-form" }, field("title", "Title", link.overrides.title ?? card.title), field("publisher", "Publisher", link.overrides.publisher ?? card.publisher))
        : null,
    );
  }
}

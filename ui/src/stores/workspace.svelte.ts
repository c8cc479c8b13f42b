// The open library as the window holds it: the issue list, the open issue and story,
// the link or reaction being edited. Components read these fields and call the methods;
// every change goes through here to the core (saved by the autosaver) and nothing else
// keeps a copy, so a component that re-renders never loses or overwrites what was typed.

import { SvelteMap } from "svelte/reactivity";
import { api, setWindowTitle } from "../ipc";
import { errorText } from "../dialog";
import type {
  Changes, HiddenField, IssueDoc_Serialize as IssueDoc, Publication_Serialize as Publication, IssueFields_Deserialize as IssueFields, IssueSummary,
  Item_Serialize as Item, Link_Serialize as Link, Story_Serialize as Story, StoryFields_Serialize as StoryFields,
} from "../ipc";
import { Autosaver, type SaveState } from "../autosave";
import { ask, toast } from "../dom";
import { focusSoon } from "../focus.svelte";
import { LinkAdder, type AddProgress, type Payload } from "../links";
import { moveItem, storyNumber, windowTitle } from "../state";

export const BUILT_IN_THEMES: [string, string][] = [
  ["weekly", "Weekly — numbered stories with takeaways"],
  ["digest", "Digest — short sections and a sign-off"],
  ["briefing", "Briefing — summary, priorities, sources"],
];

/** The drag type an inbox link travels as inside the window (its id). */
export const LINK_DRAG = "text/x-masthead-link";
/** The drag type a story's link or reaction travels as inside the window (its id). */
export const ITEM_DRAG = "text/x-masthead-item";
/** The drag type a story row travels as. */
export const STORY_DRAG = "text/x-masthead-story";

/** Where a dropped link or item lands in a story: a coverage group, the reactions, before an item. */
export type DropPlace = { group?: string; kind?: "coverage" | "reaction"; before?: number };

/** Moves keyboard focus to `css` once the components have caught up with a change. */

export class Workspace {
  issues = $state<IssueSummary[]>([]);
  /** The library's publications, oldest first (always at least one). */
  publications = $state<Publication[]>([]);
  /** The publication the library list shows, or null for all of them. */
  filter = $state<number | null>(null);
  doc = $state<IssueDoc | null>(null);
  storyId = $state<number | null>(null);
  /** The link or reaction whose fields are open for editing. */
  editingItem = $state<number | null>(null);
  /** Its group when editing began: it stays there (keeping the caret) until Done. */
  editingGroup: string | null = null;
  themes = $state<[string, string][]>(BUILT_IN_THEMES);
  /** Per theme, the fields it leaves out of some output and how many outputs it has. */
  themeHidden = $state<Record<string, { hidden: HiddenField[]; outputs: number }>>({});
  /** The themes that show coverage links as cards unless the author chose a line. */
  themeCards = $state<Record<string, boolean>>({});
  /** Each story's `312 words · 2 min read`, worked out by the core, by story id. */
  readings = $state<Record<number, string>>({});
  /** Each story's longest linked page in minutes (the core's count), when known, by story id. */
  linkedMinutes = $state<Record<number, number>>({});
  private readingTimer: ReturnType<typeof setTimeout> | undefined;
  saveState = $state<SaveState>({ kind: "idle" });
  /** Links being fetched for a story (the bar under its drop zone). */
  fetchProgress = $state<AddProgress | null>(null);
  /** The coverage group new links go under, per story (remembered while the app runs). */
  groups = new SvelteMap<number, string>();
  /** Called after every edit that changes what the preview shows. */
  onChange: () => void = () => undefined;
  /** The inbox card of link `id` as the inbox panel holds it (a drag starts from one). */
  inboxLink: (id: number) => Link | undefined = () => undefined;

  readonly saver = new Autosaver(400, (s) => (this.saveState = s));
  readonly links = new LinkAdder(
    (storyId, item, before) => this.itemAttached(storyId, item, before),
    (p) => (this.fetchProgress = p),
    (m) => toast(m, "error"),
    (storyId, linkId) => !!this.findStory(storyId)?.items.some((i) => i.link_id === linkId),
  );

  story = $derived(this.doc?.stories.find((s) => s.id === this.storyId) ?? null);
  /**
   * The publication the author is working in: the one the list shows, else the open
   * issue's, else the first. New issues, Settings and imports go to it.
   */
  currentPublication = $derived(
    this.publications.find((p) => p.id === (this.filter ?? this.doc?.issue.publication_id)) ?? this.publications[0] ?? null,
  );
  /** The issues the library list shows (the filter's publication, or all). */
  shownIssues = $derived(this.filter == null ? this.issues : this.issues.filter((i) => i.publication_id === this.filter));
  /** The open issue's row in the library list. */
  openSummary = $derived(this.issues.find((i) => i.id === this.doc?.issue.id));

  findStory(id: number | null): Story | undefined {
    return this.doc?.stories.find((s) => s.id === id);
  }

  /**
   * Asks the core for each story's words and reading time once typing pauses (150 ms):
   * the count and speed are the core's rule, as in the preview's status line.
   */
  scheduleReadings(): void {
    clearTimeout(this.readingTimer);
    this.readingTimer = setTimeout(() => {
      const doc = this.snapshot();
      if (!doc) return;
      api.storyReadings(doc).then(
        (list) => {
          this.readings = Object.fromEntries(list.map((r) => [r.story_id, r.label]));
          this.linkedMinutes = Object.fromEntries(list.flatMap((r) => (r.linked_minutes == null ? [] : [[r.story_id, r.linked_minutes]])));
        },
        () => undefined, // the counter keeps its last value; saving reports real problems
      );
    }, 150);
  }

  /** The open issue as plain data, for the core (the reactive proxy is not sent over IPC). */
  snapshot(): IssueDoc | null {
    return this.doc ? $state.snapshot(this.doc) : null;
  }

  /** Opens a link the author clicked (in the preview, a card, a story's link) in the browser. */
  openLink = (url: string): void => {
    api.openLink(url).catch((e: unknown) => toast(errorText(e), "error"));
  };

  /** Runs `f`, turning a failure into a toast that says what could not be done. */
  async guarded(what: string, f: () => Promise<void>): Promise<void> {
    try {
      await f();
    } catch (e) {
      toast(`Could not ${what}: ${errorText(e)}`, "error");
    }
  }

  // ---- the library ---------------------------------------------------------------------

  async loadThemes(): Promise<void> {
    try {
      const list = await api.listThemes();
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup table for this loop only
      const builtIn = new Map(BUILT_IN_THEMES);
      this.themes = list.themes.map((t) => [t.name, builtIn.get(t.name) ?? `${t.name} — ${t.description || "your theme"}`]);
      this.themeHidden = Object.fromEntries(list.themes.map((t) => [t.name, { hidden: t.hidden, outputs: t.outputs.length }]));
      this.themeCards = Object.fromEntries(list.themes.map((t) => [t.name, t.link_cards]));
    } catch {
      this.themes = BUILT_IN_THEMES;
    }
  }

  /**
   * Why `field` (`story.summary`, `reaction.quote`, …) of the open issue will not reach
   * readers, or null when its theme shows it: "Not shown by the “terse” theme", or
   * "“terse” leaves it out of the plain text" when only some outputs do.
   */
  notShown(field: string): string | null {
    const theme = this.doc?.issue.theme || "weekly";
    const info = this.themeHidden[theme];
    const hidden = info?.hidden.find((h) => h.field === field);
    if (!info || !hidden) return null;
    if (hidden.formats.length >= info.outputs) return `Not shown by the “${theme}” theme`;
    const names: Record<string, string> = { web: "web page", email: "email", text: "plain text", markdown: "Markdown" };
    const formats = hidden.formats.map((f) => names[f] ?? f);
    const list = formats.length > 1 ? `${formats.slice(0, -1).join(", ")} and ${formats.at(-1)}` : formats[0];
    return `“${theme}” leaves it out of the ${list}`;
  }

  /** Whether a coverage item shows as a card in the open issue's theme (the core's rule, `ItemLayout::is_card`). */
  isCard(item: Item): boolean {
    if (item.kind !== "coverage") return false;
    if (item.layout !== "theme") return item.layout === "card";
    return this.themeCards[this.doc?.issue.theme || "weekly"] ?? false;
  }

  /** Reads the publications again (after Settings, or another process, changed them). */
  async loadPublications(): Promise<void> {
    this.publications = await api.listPublications();
    if (this.filter == null) {
      try {
        const kept = Number(localStorage.getItem(`masthead.publication:${this.libraryPath}`) || NaN);
        if (this.publications.some((p) => p.id === kept)) this.filter = kept;
      } catch {
        // storage unavailable: all publications are shown
      }
    }
    if (this.filter != null && !this.publications.some((p) => p.id === this.filter)) this.filter = null;
  }

  /** Shows one publication's issues in the list (null: all), remembered for the next start. */
  showPublication(id: number | null): void {
    this.filter = id;
    try {
      localStorage.setItem(`masthead.publication:${this.libraryPath}`, id == null ? "" : String(id));
    } catch {
      // storage unavailable: the choice lasts while the window is open
    }
    const open = this.doc?.issue.publication_id;
    if (id != null && open !== id) {
      const first = this.shownIssues[0];
      if (first) void this.guarded("open the issue", () => this.openIssue(first.id));
    }
  }

  /** The name of publication `id`, for headings and dialogs. */
  publicationName(id: number): string {
    return this.publications.find((p) => p.id === id)?.name ?? "";
  }

  /** Reads the issue list again; the open issue's row shows what is typed, saved or not. */
  async reloadList(): Promise<void> {
    this.issues = await api.listIssues();
    this.syncOpenSummary();
  }

  /**
   * Whether `changes` touch only the open issue's own rows: the window's autosaves, which
   * the open issue's row in the list already shows (see syncOpenSummary).
   */
  onlyOpenIssue(changes: Changes): boolean {
    const doc = this.doc;
    if (!doc) return false;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- lookups for this check only
    const stories = new Set(doc.stories.map((s) => s.id));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- likewise
    const items = new Set(doc.stories.flatMap((s) => s.items.map((i) => i.id)));
    return (
      changes.issues.every((id) => id === doc.issue.id) &&
      changes.stories.every((id) => stories.has(id)) &&
      changes.items.every((id) => items.has(id))
    );
  }

  /** The open issue's row in the list, in step with the open issue. */
  private syncOpenSummary(): void {
    const doc = this.doc;
    const row = this.openSummary;
    if (!doc || !row) return;
    const { number, title, date, status } = doc.issue;
    Object.assign(row, { number, title, date, status, story_count: doc.stories.length });
  }

  async openIssue(id: number, storyId?: number): Promise<void> {
    await this.saver.flush();
    const doc = await api.getIssue(id);
    this.doc = doc;
    this.storyId = doc.stories.some((s) => s.id === storyId) ? storyId! : doc.stories[0]?.id ?? null;
    this.editingItem = null;
    void setWindowTitle(windowTitle(doc.issue));
    this.remember();
    this.onChange();
  }

  selectStory(id: number): void {
    this.storyId = id;
    this.remember();
  }

  /** Counts lines the core wrote, by `likes/views`: asked for once each. */
  private countLines = new SvelteMap<string, string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of requests sent; nothing renders from it
  private countsAsked = new Set<string>();

  /**
   * A reaction's counts as the themes print them (`1,047 likes · 73,368 views`), in the
   * core's words: empty until the core has answered, and for no counts at all.
   */
  countsLine(likes: number | null, views: number | null): string {
    if (likes == null && views == null) return "";
    const key = `${likes}/${views}`;
    if (!this.countsAsked.has(key)) {
      this.countsAsked.add(key);
      api.countsLine(likes, views).then(
        (line) => this.countLines.set(key, line),
        () => this.countsAsked.delete(key), // asked again when next shown
      );
    }
    return this.countLines.get(key) ?? "";
  }

  /** Which library the window has open (its file's path), to remember the place in it. */
  libraryPath = "";

  /** Keeps the open issue and story, so the next start opens them again. */
  private remember(): void {
    try {
      localStorage.setItem(`masthead.open:${this.libraryPath}`, JSON.stringify({ issue: this.doc?.issue.id, story: this.storyId }));
    } catch {
      // storage unavailable: the next start opens the newest issue
    }
  }

  /**
   * Takes in what another process changed (an import, links added from the CLI): the
   * issue list, and the open issue unless the author has edits not yet saved, which win.
   */
  async reloadFromLibrary(): Promise<void> {
    await this.reloadList();
    const open = this.doc?.issue.id;
    if (open == null || !this.issues.some((i) => i.id === open)) {
      this.doc = null;
      await this.openLast();
      return;
    }
    if (this.saver.hasUnsaved()) return;
    const fresh = await api.getIssue(open);
    if (this.saver.hasUnsaved() || this.doc?.issue.id !== open) return; // typed meanwhile, or moved on
    if (JSON.stringify(fresh) === JSON.stringify($state.snapshot(this.doc))) return;
    this.doc = fresh;
    if (!fresh.stories.some((s) => s.id === this.storyId)) this.storyId = fresh.stories[0]?.id ?? null;
    void setWindowTitle(windowTitle(fresh.issue));
    this.onChange();
  }

  /**
   * After a send: the issue's status as the library has it now. The rest of the open
   * issue is the editor's, and its next autosave must not put the old status back.
   */
  async refreshStatus(id: number): Promise<void> {
    const fresh = await api.getIssue(id);
    if (this.doc?.issue.id === id) this.doc.issue.status = fresh.issue.status;
    await this.reloadList();
  }

  /** Opens what was open when the window last closed, else the newest issue. */
  async openLast(): Promise<void> {
    let last: { issue?: number; story?: number } = {};
    try {
      last = JSON.parse(localStorage.getItem(`masthead.open:${this.libraryPath}`) ?? "{}");
    } catch {
      // nothing remembered
    }
    const issue = this.shownIssues.find((i) => i.id === last.issue) ?? this.shownIssues[0] ?? this.issues[0];
    if (issue) await this.openIssue(issue.id, last.story ?? undefined);
  }

  newIssue = () =>
    this.guarded("create the issue", async () => {
      let publication = this.currentPublication?.id ?? null;
      if (this.publications.length > 1) {
        // Which newsletter it is for, asked every time: numbering and sender follow it.
        const chosen = await ask({
          title: "New issue of",
          choices: this.publications.map((p) => [String(p.id), p.name]),
          input: String(publication),
          confirm: "Create issue",
        });
        if (chosen == null) return;
        publication = Number(chosen);
      }
      await this.saver.flush();
      const issue = await api.createIssue({
        publication_id: publication,
        number: null, title: "", subtitle: "", date: "", status: "draft", theme: "", intro: "", closing: "", preheader: "",
      });
      if (this.filter != null && this.filter !== issue.publication_id) this.showPublication(issue.publication_id);
      await this.reloadList();
      await this.openIssue(issue.id);
      focusSoon("issue-title");
    });

  renameIssue = (s: IssueSummary) =>
    this.guarded("rename the issue", async () => {
      const title = await ask({ title: `Rename issue #${s.number}`, input: s.title, confirm: "Rename" });
      if (title == null) return;
      await this.saver.flush();
      await api.renameIssue(s.id, title);
      await this.reloadList();
      if (this.doc?.issue.id === s.id) {
        this.doc.issue.title = title;
        void setWindowTitle(windowTitle(this.doc.issue));
        this.onChange();
      }
    });

  duplicateIssue = (s: IssueSummary) =>
    this.guarded("duplicate the issue", async () => {
      await this.saver.flush();
      const copy = await api.duplicateIssue(s.id);
      await this.reloadList();
      await this.openIssue(copy.id);
      toast(`Duplicated as issue #${copy.number}`);
    });

  deleteIssue = (s: IssueSummary) =>
    this.guarded("delete the issue", async () => {
      const ok = await ask({
        title: `Delete issue #${s.number}?`,
        body: `“${s.title || "Untitled issue"}” and its ${s.story_count} stories will be removed. A revision is kept, so it can be restored from History.`,
        confirm: "Delete issue",
        danger: true,
      });
      if (!ok) return;
      await this.saver.flush();
      await api.deleteIssue(s.id);
      await this.reloadList();
      if (this.doc?.issue.id === s.id) {
        this.doc = null;
        this.storyId = null;
        const next = this.shownIssues[0] ?? this.issues[0];
        if (next) return this.openIssue(next.id);
        void setWindowTitle(windowTitle(null));
      }
    });

  // ---- the open issue -----------------------------------------------------------------------

  private issueFields(): IssueFields {
    const i = this.doc!.issue;
    return {
      publication_id: i.publication_id, number: i.number, title: i.title, subtitle: i.subtitle, date: i.date, status: i.status,
      theme: i.theme, intro: i.intro, closing: i.closing, preheader: i.preheader,
    };
  }

  /** Records an edit of the open issue's fields and schedules its save. */
  editIssue(patch: Partial<IssueDoc["issue"]>): void {
    const doc = this.doc;
    if (!doc) return;
    Object.assign(doc.issue, patch);
    const id = doc.issue.id;
    const fields = this.issueFields();
    this.onChange();
    this.saver.touch(`issue:${id}`, async () => {
      await api.updateIssue(id, fields);
    });
    this.syncOpenSummary();
    if ("title" in patch || "number" in patch) void setWindowTitle(windowTitle(doc.issue));
  }

  editStory(story: Story, patch: Partial<StoryFields>): void {
    Object.assign(story, patch);
    const fields: StoryFields = {
      section: story.section, headline: story.headline, discuss_url: story.discuss_url, body: story.body,
      summary: story.summary, details: story.details, takeaway: story.takeaway, reading_minutes: story.reading_minutes,
    };
    const id = story.id;
    this.onChange();
    this.saver.touch(`story:${id}`, async () => {
      await api.saveStory(id, fields);
    });
  }

  addStory = () =>
    this.guarded("add a story", async () => {
      const doc = this.doc;
      if (!doc) return;
      await this.saver.flush();
      const story = await api.addStory(doc.issue.id, {
        section: "", headline: "", discuss_url: "", body: "", summary: "", details: "", takeaway: "", reading_minutes: null,
      }, null);
      doc.stories.push(story);
      this.storyId = story.id;
      this.syncOpenSummary();
      this.onChange();
      focusSoon("story-headline");
    });

  deleteStory = (story: Story) =>
    this.guarded("delete the story", async () => {
      const ok = await ask({
        title: "Delete this story?",
        body: `“${story.headline || "Untitled story"}” and its ${story.items.length} links and reactions will be removed. A revision of the issue is kept first.`,
        confirm: "Delete story",
        danger: true,
      });
      if (!ok) return;
      await this.saver.flush();
      await api.deleteStory(story.id);
      const doc = this.doc!;
      const index = doc.stories.findIndex((s) => s.id === story.id);
      doc.stories.splice(index, 1);
      this.storyId = doc.stories[Math.min(index, doc.stories.length - 1)]?.id ?? null;
      this.syncOpenSummary();
      this.onChange();
    });

  /** Moves `story` to place `to`; keyboard focus follows it. */
  moveStory = (story: Story, to: number) =>
    this.guarded("move the story", async () => {
      const doc = this.doc;
      if (!doc) return;
      const from = doc.stories.findIndex((s) => s.id === story.id);
      if (to < 0 || to >= doc.stories.length || to === from) return;
      await this.saver.flush();
      doc.stories = moveItem(doc.stories, from, to);
      this.onChange();
      focusSoon(`story-row:${story.id}`);
      await api.moveStory(story.id, to);
    });

  // ---- links and reactions ------------------------------------------------------------------

  /**
   * A link's card arrived and was attached at the end of the story; placed before item
   * `before` when given (a link pasted earlier whose fetch finished later).
   */
  async itemAttached(storyId: number, item: Item, before?: number | null): Promise<void> {
    const story = this.findStory(storyId);
    if (!story) return;
    const at = before == null ? -1 : story.items.findIndex((i) => i.id === before);
    if (at < 0) story.items.push(item);
    else story.items.splice(at, 0, item);
    this.onChange();
    if (at >= 0) await api.moveItem(item.id, storyId, at);
  }

  private itemFields(item: Item) {
    return {
      kind: item.kind, group_heading: item.group_heading, source: item.source, role: item.role, title: item.title,
      quote: item.quote, note: item.note, url: item.url, likes: item.likes, views: item.views,
      captured_at: item.captured_at, link_id: item.link_id, date: item.date, note_first: item.note_first,
      image: item.image, description: item.description, layout: item.layout,
    };
  }

  editItem(item: Item, patch: Partial<Item>): void {
    Object.assign(item, patch);
    const fields = this.itemFields(item);
    const id = item.id;
    this.onChange();
    this.saver.touch(`item:${id}`, async () => {
      await api.updateItem(id, fields);
    });
  }

  toggleEditing(item: Item): void {
    this.editingGroup = item.group_heading;
    this.editingItem = this.editingItem === item.id ? null : item.id;
    void this.saver.flush();
  }

  /** A blank link or reaction, opened for editing (for posts that cannot be fetched). */
  addItemByHand = (story: Story, kind: "coverage" | "reaction") =>
    this.guarded(kind === "reaction" ? "add a reaction" : "add a link", async () => {
      await this.saver.flush();
      const item = await api.addItem(story.id, { kind, group_heading: kind === "coverage" ? this.groups.get(story.id) ?? "" : "" });
      story.items.push(item);
      this.editingGroup = item.group_heading;
      this.editingItem = item.id;
      this.onChange();
      focusSoon(`item-source:${item.id}`);
    });

  deleteItem = (story: Story, item: Item) =>
    this.guarded("delete the link", async () => {
      const what = item.kind === "reaction" ? `the reaction by ${item.source || "someone"}` : `“${item.title || item.source || item.url}”`;
      const ok = await ask({ title: "Remove this link?", body: `${what} leaves this story. A revision of the issue is kept first.`, confirm: "Remove", danger: true });
      if (!ok) return;
      await this.saver.flush();
      await api.deleteItem(item.id);
      story.items = story.items.filter((i) => i.id !== item.id);
      if (this.editingItem === item.id) this.editingItem = null;
      this.onChange();
    });

  /** Adds what was dropped or pasted to `story`, fetching each link in the background. */
  addLinks = (payload: Payload, story: Story) =>
    this.guarded("add the links", async () => {
      await this.saver.flush();
      const n = await this.links.add(payload, story.id, this.groups.get(story.id) ?? "");
      if (n) toast(`Adding ${n} link${n === 1 ? "" : "s"}: titles arrive as each page is fetched`);
    });

  /**
   * Moves a link or reaction before item `before` (or to the end) of story `to`, into
   * coverage group `group` when given. Works across the issue's stories alike.
   */
  moveItemTo = (itemId: number, to: Story, before: number | null, group?: string) =>
    this.guarded("move the link", async () => {
      const doc = this.doc;
      if (!doc) return;
      const from = doc.stories.find((s) => s.items.some((i) => i.id === itemId));
      if (!from || before === itemId) return;
      const item = from.items.find((i) => i.id === itemId)!;
      await this.saver.flush();
      from.items = from.items.filter((i) => i.id !== itemId);
      const at = before == null ? -1 : to.items.findIndex((i) => i.id === before);
      const index = at < 0 ? to.items.length : at;
      to.items.splice(index, 0, item);
      await api.moveItem(itemId, to.id, index);
      const moved = to.items.find((i) => i.id === itemId)!;
      if (group != null && moved.kind === "coverage" && moved.group_heading !== group) {
        moved.group_heading = group;
        await api.updateItem(itemId, this.itemFields(moved));
      }
      this.onChange();
      if (to.id !== from.id) toast(`Moved to story ${storyNumber(doc.stories.findIndex((s) => s.id === to.id))}`);
      focusSoon(`item:${itemId}`);
    });

  /** What a drop inside the window carries: an inbox link, a story's item, or neither. */
  dropped(e: DragEvent): { link?: number; item?: number } | null {
    const dt = e.dataTransfer;
    if (!dt) return null;
    if (dt.types.includes(LINK_DRAG)) return { link: Number(dt.getData(LINK_DRAG)) };
    if (dt.types.includes(ITEM_DRAG)) return { item: Number(dt.getData(ITEM_DRAG)) };
    return null;
  }

  /** Handles an inbox link or an item dropped at `place` in `story`; true when it was one. */
  dropInto(e: DragEvent, story: Story, place: DropPlace): boolean {
    const what = this.dropped(e);
    if (!what) return false;
    e.preventDefault();
    e.stopPropagation();
    if (what.link != null) {
      const link = this.inboxLink(what.link);
      if (link) {
        const kind = place.kind ?? (place.group != null ? "coverage" : undefined);
        void this.attachFromInbox(link, story.id, kind ? { kind, group: place.group ?? "" } : undefined);
      }
    } else if (what.item != null) {
      void this.moveItemTo(what.item, story, place.before ?? null, place.group);
    }
    return true;
  }

  /**
   * Attaches an inbox link to a story: where it was dropped (a group, the reactions), else
   * as a reaction when it is a post and as coverage under the story's group otherwise.
   * False when no story is open.
   */
  async attachFromInbox(link: Link, storyId = this.storyId, place?: { kind: "coverage" | "reaction"; group: string }): Promise<boolean> {
    const story = this.findStory(storyId);
    if (!story) return false;
    if (story.items.some((i) => i.link_id === link.id)) {
      toast("This link is already in the story.");
      return true;
    }
    const kind = place?.kind ?? (link.meta.kind === "social" ? "reaction" : "coverage");
    const group = place?.group ?? this.groups.get(story.id) ?? "";
    await this.guarded("add the link to the story", async () => {
      await this.saver.flush();
      const item = await api.attachLink(link.id, story.id, kind, kind === "coverage" ? group : "");
      await this.itemAttached(story.id, item);
      toast(`Added to story ${storyNumber(this.doc!.stories.findIndex((s) => s.id === story.id))} as ${kind === "reaction" ? "a reaction" : "coverage"}`);
    });
    return true;
  }
}

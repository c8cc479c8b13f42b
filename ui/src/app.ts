// The window: library sidebar, issue editor, story editor. State lives in `App`; views
// are rebuilt from it, except while typing, when inputs update the state in place and
// the autosaver writes it through.

import { api, AppError, onMenu, onThemesChanged, onWindowClose, setWindowTitle } from "./ipc";
import type {
  IssueDoc_Serialize as IssueDoc, IssueFields_Deserialize as IssueFields, IssueSummary, IssueStatus,
  Item_Serialize as Item, Story_Serialize as Story, StoryFields_Serialize as StoryFields,
} from "./ipc";
import { Autosaver, type SaveState } from "./autosave";
import { ask, h, icon, toast } from "./dom";
import { openExport, openSettings } from "./dialogs";
import { markdownEditor, type MarkdownEditor } from "./editor";
import { openHistory } from "./history";
import { InboxPanel, LINK_DRAG } from "./inbox";
import { divider, loadPanes, savePanes, type PaneSettings } from "./layout";
import { LinkAdder, pasteField, payloadOf, progressText, type Payload } from "./links";
import { openPalette, type PaletteCommand } from "./palette";
import { PreviewPane } from "./preview";
import { countsLine, issueMeta, moveItem, readingTime, shortcutCommand, storyNumber, windowTitle, wordCount } from "./state";
import type { Link_Serialize as Link, SearchHit_Serialize as SearchHit } from "./ipc";

const BUILT_IN_THEMES: [string, string][] = [
  ["weekly", "Weekly — numbered stories with takeaways"],
  ["digest", "Digest — short sections and a sign-off"],
  ["briefing", "Briefing — summary, priorities, sources"],
];
const STATUSES: IssueStatus[] = ["draft", "ready", "sent"];
/** The drag type a story's link or reaction travels as inside the window (its id). */
const ITEM_DRAG = "text/x-masthead-item";
const STORY_DRAG = "text/x-masthead-story";

export class App {
  private issues: IssueSummary[] = [];
  private doc: IssueDoc | null = null;
  private storyId: number | null = null;
  private saver: Autosaver;
  private saveBadge = h("span", { class: "save-state", "data-testid": "save-state" }, "");
  private root: HTMLElement;
  private preview = new PreviewPane(() => this.doc);
  private themes: [string, string][] = BUILT_IN_THEMES;
  private fetchBar = h("div", { class: "fetch-progress", role: "status", "aria-live": "polite", "data-testid": "fetch-progress", hidden: true });
  private links = new LinkAdder(
    (storyId, item) => this.itemAttached(storyId, item),
    (p) => {
      this.fetchBar.hidden = !p;
      this.fetchBar.textContent = p ? progressText(p) : "";
      if (p) this.fetchBar.style.setProperty("--done", `${Math.round((100 * p.finished) / Math.max(1, p.total))}%`);
    },
    (message) => toast(message, "error"),
    (storyId, linkId) => !!this.doc?.stories.find((s) => s.id === storyId)?.items.some((i) => i.link_id === linkId),
  );
  /** The link or reaction open for editing, if any. */
  private editingItem: number | null = null;
  /** The coverage group new links go under, per story (remembered while the app runs). */
  private groups = new Map<number, string>();
  private inbox = new InboxPanel((link) => this.attachFromInbox(link), (n) => this.showInboxCount(n));
  private inboxCount: number | null = null;
  /** The Markdown editors of the current view (destroyed on each rebuild). */
  private editors: MarkdownEditor[] = [];
  private tab: "issues" | "inbox" = "issues";
  private panes: PaneSettings = loadPanes();
  /** Reading speed from the publication settings, for the story's reading time. */
  private wordsPerMinute = 265;

  constructor(root: HTMLElement) {
    this.root = root;
    root.addEventListener("preview-toggle", () => this.render());
    this.saver = new Autosaver(400, (s) => this.showSaveState(s));
    window.addEventListener("keydown", (e) => void this.onKey(e));
    window.addEventListener("beforeunload", () => void this.saver.flush());
    // Leaving a field saves it at once; closing the window waits for pending saves.
    root.addEventListener("focusout", () => void this.saver.flush());
    void onWindowClose(() => this.saver.flush());
    void onMenu((id) => this.runCommand(id));
  }

  async start(): Promise<void> {
    const status = await api.libraryStatus();
    if (status.error) return this.renderRecovery(status.path, status.error.kind, status.error.message);
    await this.loadThemes();
    void api.getPublication().then((p) => (this.wordsPerMinute = p.words_per_minute || 265), () => undefined);
    window.addEventListener("reading-speed", (e) => {
      this.wordsPerMinute = (e as CustomEvent<number>).detail;
      if (this.doc) this.render(); // the story's counter; the preview's reading time comes from the core
    });
    void onThemesChanged(() => void this.loadThemes().then(() => this.preview.refresh()));
    await this.reloadList();
    void this.inbox.refresh(); // for the Inbox tab's count
    const first = this.issues[0];
    if (first) await this.openIssue(first.id);
    else this.render();
  }

  // ---- data ---------------------------------------------------------------------------

  /** Built-in themes plus the author's own, for the theme picker. */
  private async loadThemes(): Promise<void> {
    try {
      const list = await api.listThemes();
      const builtIn = new Map(BUILT_IN_THEMES);
      this.themes = list.themes.map((t) => [t.name, builtIn.get(t.name) ?? `${t.name} — ${t.description || "your theme"}`]);
    } catch {
      this.themes = BUILT_IN_THEMES;
    }
  }

  private async reloadList(): Promise<void> {
    this.issues = await api.listIssues();
  }

  private async openIssue(id: number, storyId?: number): Promise<void> {
    await this.saver.flush();
    this.doc = await api.getIssue(id);
    this.storyId = storyId ?? this.doc.stories[0]?.id ?? null;
    this.render();
    void setWindowTitle(windowTitle(this.doc.issue));
  }

  private get story(): Story | null {
    return this.doc?.stories.find((s) => s.id === this.storyId) ?? null;
  }

  private issueFields(): IssueFields {
    const i = this.doc!.issue;
    return {
      number: i.number, title: i.title, subtitle: i.subtitle, date: i.date, status: i.status,
      theme: i.theme, intro: i.intro, closing: i.closing, preheader: i.preheader,
    };
  }

  private storyFields(s: Story): StoryFields {
    return {
      section: s.section, headline: s.headline, discuss_url: s.discuss_url, body: s.body,
      summary: s.summary, details: s.details, takeaway: s.takeaway,
    };
  }

  /** Records an edit of the open issue's fields and schedules its save. */
  private editIssue(patch: Partial<IssueDoc["issue"]>): void {
    const doc = this.doc!;
    Object.assign(doc.issue, patch);
    const id = doc.issue.id;
    const fields = this.issueFields();
    this.preview.schedule();
    this.saver.touch(`issue:${id}`, async () => {
      const saved = await api.updateIssue(id, fields);
      this.patchSummary(saved);
    });
    if ("title" in patch || "number" in patch) {
      void setWindowTitle(windowTitle(doc.issue));
      this.patchSummary(doc.issue);
    }
  }

  private editStory(story: Story, patch: Partial<StoryFields>): void {
    Object.assign(story, patch);
    const fields = this.storyFields(story);
    this.preview.schedule();
    this.saver.touch(`story:${story.id}`, async () => {
      await api.saveStory(story.id, fields);
    });
    if ("headline" in patch) {
      const row = this.root.querySelector(`[data-story-id="${story.id}"] .story-headline`);
      if (row) row.textContent = story.headline.trim() || "Untitled story";
    }
  }

  /** Keeps the sidebar row of an issue in step with edits, without rebuilding it. */
  private patchSummary(issue: { id: number; number: number; title: string; date: string; status: IssueStatus }) {
    const s = this.issues.find((i) => i.id === issue.id);
    if (!s) return;
    Object.assign(s, { number: issue.number, title: issue.title, date: issue.date, status: issue.status });
    const row = this.root.querySelector(`[data-issue-id="${issue.id}"]`);
    if (row) {
      row.querySelector(".issue-number")!.textContent = `#${s.number}`;
      row.querySelector(".issue-title")!.textContent = s.title.trim() || "Untitled issue";
      row.querySelector(".issue-meta")!.textContent = issueMeta(s);
    }
  }

  // ---- actions ------------------------------------------------------------------------

  private async guarded(what: string, f: () => Promise<void>): Promise<void> {
    try {
      await f();
    } catch (e) {
      const msg = e instanceof AppError || e instanceof Error ? e.message : String(e);
      toast(`Could not ${what}: ${msg}`, "error");
    }
  }

  private newIssue = () =>
    this.guarded("create the issue", async () => {
      await this.saver.flush();
      const issue = await api.createIssue({
        number: null, title: "", subtitle: "", date: "", status: "draft", theme: "", intro: "", closing: "", preheader: "",
      });
      await this.reloadList();
      await this.openIssue(issue.id);
      this.root.querySelector<HTMLInputElement>("[data-testid=issue-title]")?.focus();
    });

  private renameIssue = (s: IssueSummary) =>
    this.guarded("rename the issue", async () => {
      const title = await ask({ title: `Rename issue #${s.number}`, input: s.title, confirm: "Rename" });
      if (title == null) return;
      await this.saver.flush();
      await api.renameIssue(s.id, title);
      await this.reloadList();
      if (this.doc?.issue.id === s.id) await this.openIssue(s.id, this.storyId ?? undefined);
      else this.render();
    });

  private duplicateIssue = (s: IssueSummary) =>
    this.guarded("duplicate the issue", async () => {
      await this.saver.flush();
      const copy = await api.duplicateIssue(s.id);
      await this.reloadList();
      await this.openIssue(copy.id);
      toast(`Duplicated as issue #${copy.number}`);
    });

  private deleteIssue = (s: IssueSummary) =>
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
        const next = this.issues[0];
        if (next) return this.openIssue(next.id);
        void setWindowTitle(windowTitle(null));
      }
      this.render();
    });

  private addStory = () =>
    this.guarded("add a story", async () => {
      const doc = this.doc!;
      await this.saver.flush();
      const story = await api.addStory(doc.issue.id, {
        section: "", headline: "", discuss_url: "", body: "", summary: "", details: "", takeaway: "",
      }, null);
      doc.stories.push(story);
      this.storyId = story.id;
      this.bumpStoryCount(1);
      this.render();
      this.root.querySelector<HTMLInputElement>("[data-testid=story-headline]")?.focus();
    });

  private deleteStory = (story: Story) =>
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
      this.bumpStoryCount(-1);
      this.render();
    });

  private moveStory = (story: Story, to: number) =>
    this.guarded("move the story", async () => {
      const doc = this.doc!;
      const from = doc.stories.findIndex((s) => s.id === story.id);
      if (to < 0 || to >= doc.stories.length || to === from) return;
      await this.saver.flush();
      doc.stories = moveItem(doc.stories, from, to);
      this.render();
      this.root.querySelector<HTMLElement>(`[data-story-id="${story.id}"]`)?.focus();
      await api.moveStory(story.id, to);
    });

  private openExport(): void {
    const doc = this.doc;
    if (!doc) return;
    void this.saver.flush().then(() =>
      openExport({
        issueId: doc.issue.id,
        issueNumber: doc.issue.number,
        theme: doc.issue.theme || "weekly",
        themes: this.themes,
        jump: (storyId, field) => {
          this.storyId = storyId;
          this.render();
          this.root.querySelector<HTMLElement>(`[data-testid="story-${field}"]`)?.focus();
        },
      }),
    );
  }

  private openHistory(): void {
    const doc = this.doc;
    if (!doc) return;
    const id = doc.issue.id;
    void this.saver.flush().then(() =>
      openHistory({
        issueId: id,
        issueLabel: `#${doc.issue.number} ${doc.issue.title.trim() || "Untitled issue"}`,
        restored: async () => {
          // The restored stories are new rows: stay on the story at the same place.
          const at = this.doc?.stories.findIndex((s) => s.id === this.storyId) ?? -1;
          await this.reloadList();
          await this.openIssue(id);
          const same = this.doc?.stories[at];
          if (same && same.id !== this.storyId) {
            this.storyId = same.id;
            this.render();
          }
        },
      }),
    );
  }

  /** What the palette offers: every command of the window, with its shortcut. */
  private paletteCommands(): PaletteCommand[] {
    const doc = this.doc;
    const open = (f: () => unknown) => () => void f();
    const list: (PaletteCommand | null)[] = [
      { id: "new-issue", label: "New issue", keys: "Ctrl+N", run: open(this.newIssue) },
      doc ? { id: "add-story", label: "Add a story", keys: "Ctrl+Shift+S", run: open(this.addStory) } : null,
      doc ? { id: "export", label: "Export, check and send a test…", keys: "Ctrl+E", run: () => this.openExport() } : null,
      doc ? { id: "history", label: "History of this issue…", keys: "Ctrl+Shift+H", run: () => this.openHistory() } : null,
      doc ? { id: "duplicate", label: "Duplicate this issue", run: open(() => { const s = this.summaryOfOpen(); return s && this.duplicateIssue(s); }) } : null,
      { id: "inbox", label: "Show the link inbox", keys: "Ctrl+Shift+L", run: () => this.showTab("inbox") },
      { id: "issues", label: "Show the issues", run: () => this.showTab("issues") },
      { id: "preview", label: "Show or hide the preview", keys: "Ctrl+P", run: () => this.preview.toggle() },
      ...(["web", "email", "text", "markdown"] as const).map((f) => ({
        id: `preview-${f}`, label: `Preview as ${f === "web" ? "a web page" : f === "email" ? "an email" : f === "text" ? "plain text" : "Markdown"}`,
        run: () => this.preview.setFormat(f),
      })),
      { id: "sidebar", label: "Show or hide the library", keys: "Ctrl+\\", run: () => this.toggleSidebar() },
      { id: "focus", label: "Focus mode", keys: "Ctrl+Shift+F", run: () => this.toggleFocus() },
      { id: "settings", label: "Settings…", keys: "Ctrl+,", run: open(openSettings) },
    ];
    return list.filter((c): c is PaletteCommand => c !== null);
  }

  private openPalette(): void {
    openPalette({ commands: this.paletteCommands(), go: (hit) => this.goTo(hit) });
  }

  /** Opens what a search hit names: the issue, the story, the story holding a link, or the inbox. */
  private goTo = (hit: SearchHit) =>
    this.guarded("open what was found", async () => {
      if (hit.kind === "link") {
        this.showTab("inbox");
        await this.inbox.reveal(hit.id);
        return;
      }
      const issueId = hit.kind === "issue" ? hit.id : hit.issue_id;
      if (issueId == null) return;
      await this.openIssue(issueId, hit.kind === "story" ? hit.id : undefined);
      if (hit.kind === "item") {
        const story = this.doc?.stories.find((s) => s.items.some((i) => i.id === hit.id));
        if (story && story.id !== this.storyId) {
          this.storyId = story.id;
          this.render();
        }
        const row = this.root.querySelector<HTMLElement>(`[data-item-id="${hit.id}"]`);
        row?.scrollIntoView({ block: "center" });
        row?.focus();
      } else if (hit.kind === "story") {
        this.root.querySelector<HTMLElement>("[data-testid=story-headline]")?.focus();
      }
    });

  private showTab(tab: "issues" | "inbox"): void {
    if (this.panes.focus) this.toggleFocus(false);
    if (!this.panes.sidebarOpen) this.toggleSidebar(true);
    this.tab = tab;
    this.render();
    if (tab === "inbox") {
      void this.inbox.refresh();
      this.root.querySelector<HTMLElement>("[data-testid=inbox-input]")?.focus();
    }
  }

  private showInboxCount(n: number): void {
    this.inboxCount = n;
    const badge = this.root.querySelector("[data-testid=tab-inbox] .count");
    if (badge) badge.textContent = String(n);
  }

  private setPanes(patch: Partial<PaneSettings>): void {
    this.panes = { ...this.panes, ...patch };
    savePanes(this.panes);
  }

  private toggleSidebar(open = !this.panes.sidebarOpen): void {
    this.setPanes({ sidebarOpen: open });
    this.render();
  }

  /** Focus mode: only the story being written; everything else steps aside. */
  private toggleFocus(on = !this.panes.focus): void {
    this.setPanes({ focus: on });
    this.render();
    if (on) this.root.querySelector<HTMLElement>("[data-testid=story-body]")?.focus();
  }

  /**
   * Attaches an inbox link to a story: where it was dropped (a group, the reactions), else
   * as a reaction when it is a post and as coverage under the story's group otherwise.
   */
  private async attachFromInbox(link: Link, storyId = this.storyId, place?: { kind: "coverage" | "reaction"; group: string }): Promise<boolean> {
    const story = this.doc?.stories.find((s) => s.id === storyId);
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
      this.itemAttached(story.id, item);
      const n = storyNumber(this.doc!.stories.findIndex((s) => s.id === story.id));
      toast(`Added to story ${n} as ${kind === "reaction" ? "a reaction" : "coverage"}`);
    });
    return true;
  }

  /** What a drop inside the window carries: an inbox link, a story's item, or neither. */
  private dropped(e: DragEvent): { link?: number; item?: number } | null {
    const dt = e.dataTransfer;
    if (!dt) return null;
    if (dt.types.includes(LINK_DRAG)) return { link: Number(dt.getData(LINK_DRAG)) };
    if (dt.types.includes(ITEM_DRAG)) return { item: Number(dt.getData(ITEM_DRAG)) };
    return null;
  }

  /** Handles an inbox link or an item dropped at a place in a story; true when it was one. */
  private dropInto(e: DragEvent, story: Story, place: { group?: string; kind?: "coverage" | "reaction"; before?: number }): boolean {
    const what = this.dropped(e);
    if (!what) return false;
    e.preventDefault();
    e.stopPropagation();
    if (what.link != null) {
      const link = this.inbox.link(what.link); // dragged from the panel, so it has the card
      if (link) {
        const kind = place.kind ?? (place.group != null ? "coverage" : undefined);
        void this.attachFromInbox(link, story.id, kind ? { kind, group: place.group ?? "" } : undefined);
      }
    } else if (what.item != null) {
      void this.moveItemTo(what.item, story, place.before ?? null, place.group);
    }
    return true;
  }

  private itemFields(item: Item) {
    return {
      kind: item.kind, group_heading: item.group_heading, source: item.source, role: item.role, title: item.title,
      quote: item.quote, note: item.note, url: item.url, likes: item.likes, views: item.views,
      captured_at: item.captured_at, link_id: item.link_id,
    };
  }

  /**
   * Moves a link or reaction before item `before` (or to the end) of story `to`, into
   * coverage group `group` when given. Works across stories and issues' stories alike.
   */
  private moveItemTo = (itemId: number, to: Story, before: number | null, group?: string) =>
    this.guarded("move the link", async () => {
      const doc = this.doc!;
      const from = doc.stories.find((s) => s.items.some((i) => i.id === itemId));
      if (!from || before === itemId) return;
      const item = from.items.find((i) => i.id === itemId)!;
      await this.saver.flush();
      from.items = from.items.filter((i) => i.id !== itemId);
      const at = before == null ? -1 : to.items.findIndex((i) => i.id === before);
      const index = at < 0 ? to.items.length : at;
      to.items.splice(index, 0, item);
      await api.moveItem(itemId, to.id, index);
      if (group != null && item.kind === "coverage" && item.group_heading !== group) {
        item.group_heading = group;
        await api.updateItem(item.id, this.itemFields(item));
      }
      this.preview.schedule();
      this.redrawItems(from);
      if (to !== from) {
        this.redrawItems(to);
        toast(`Moved to story ${storyNumber(doc.stories.indexOf(to))}`);
      }
      this.root.querySelector<HTMLElement>(`[data-item-id="${itemId}"]`)?.focus();
    });

  private summaryOfOpen(): IssueSummary | undefined {
    return this.issues.find((i) => i.id === this.doc?.issue.id);
  }

  private bumpStoryCount(by: number) {
    const s = this.issues.find((i) => i.id === this.doc?.issue.id);
    if (s) {
      s.story_count += by;
      const meta = this.root.querySelector(`[data-issue-id="${s.id}"] .issue-meta`);
      if (meta) meta.textContent = issueMeta(s);
    }
  }

  private async onKey(e: KeyboardEvent): Promise<void> {
    const command = shortcutCommand(e);
    if (command) {
      e.preventDefault();
      this.runCommand(command);
    } else if (e.key === "Escape" && this.panes.focus && !document.querySelector("dialog[open]")) {
      this.toggleFocus(false);
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      await this.saver.flush();
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && this.story && this.doc) {
      e.preventDefault();
      const from = this.doc.stories.findIndex((s) => s.id === this.storyId);
      await this.moveStory(this.story, from + (e.key === "ArrowUp" ? -1 : 1));
    }
  }

  private lastCommand = { id: "", at: 0 };

  /**
   * Runs a command by id, whether it came from the app menu, a shortcut or the palette.
   * A shortcut can reach both the menu and the page; the second arrival is dropped.
   */
  private runCommand(id: string): void {
    const now = performance.now();
    if (this.lastCommand.id === id && now - this.lastCommand.at < 300) return;
    this.lastCommand = { id, at: now };
    if (id === "palette") return this.openPalette();
    const command = this.paletteCommands().find((c) => c.id === id);
    if (command) void command.run();
  }

  private showSaveState(s: SaveState): void {
    const text = { idle: "", pending: "Editing…", saving: "Saving…", saved: "Saved", error: "" }[s.kind];
    this.saveBadge.className = `save-state ${s.kind}`;
    this.saveBadge.textContent = s.kind === "error" ? `Not saved: ${s.message}. Your text is kept; it will retry.` : text;
    this.saveBadge.title = s.kind === "saved" ? "Everything is written to your library" : "";
  }

  // ---- views --------------------------------------------------------------------------

  private render(): void {
    const keep = this.focusedField();
    this.build();
    keep();
  }

  /** Where the caret is, to put it back after a rebuild (showing a pane must not lose the place). */
  private focusedField(): () => void {
    const el = document.activeElement as HTMLInputElement | HTMLTextAreaElement | null;
    const testid = el?.getAttribute?.("data-testid");
    if (!el || !testid || !this.root.contains(el)) return () => undefined;
    const editing = this.editors.find((ed) => ed.view.hasFocus && ed.testid === testid);
    if (editing) {
      const selection = editing.view.state.selection;
      return () => {
        const again = this.editors.find((ed) => ed.testid === testid);
        if (!again || selection.main.to > again.view.state.doc.length) return again?.view.focus();
        again.view.dispatch({ selection });
        again.view.focus();
      };
    }
    const range = "selectionStart" in el ? [el.selectionStart, el.selectionEnd] : null;
    return () => {
      const again = this.root.querySelectorAll<HTMLInputElement>(`[data-testid="${testid}"]`);
      if (again.length !== 1) return;
      again[0].focus();
      try {
        if (range && range[0] != null) again[0].setSelectionRange(range[0], range[1]);
      } catch {
        // inputs without a caret (number, date)
      }
    };
  }

  private build(): void {
    for (const ed of this.editors) ed.view.destroy();
    this.editors = [];
    const p = this.panes;
    const focus = p.focus && !!this.story;
    const withPreview = !!this.doc && this.preview.isOpen && !focus;
    const sidebar = p.sidebarOpen && !focus;
    const layout = h("div", {
      class: ["layout", withPreview ? "with-preview" : "", sidebar ? "" : "no-sidebar", focus ? "focus" : ""].filter(Boolean).join(" "),
      "data-testid": "layout",
    });
    const setWidth = (name: string, px: number) => layout.style.setProperty(name, `${px}px`);
    setWidth("--sidebar-w", p.sidebar);
    setWidth("--preview-w", p.preview);
    const panes: (HTMLElement | null)[] = [
      sidebar ? this.renderSidebar() : null,
      sidebar
        ? divider({ pane: "sidebar", side: "left", label: "Resize the library", width: () => this.panes.sidebar,
            apply: (px) => setWidth("--sidebar-w", px), commit: (px) => this.setPanes({ sidebar: px }) })
        : h("button", { class: "rail", title: "Show the library (Ctrl+\\)", "aria-label": "Show the library", "data-testid": "show-sidebar",
            hidden: focus, onclick: () => this.toggleSidebar(true) }, "›"),
      h("main", { class: "editor", "aria-label": "Issue editor" },
        focus ? h("button", { class: "exit-focus", "data-testid": "exit-focus", onclick: () => this.toggleFocus(false) }, "Leave focus mode (Esc)") : null,
        this.doc ? this.renderIssue(this.doc) : this.renderEmpty()),
      withPreview
        ? divider({ pane: "preview", side: "right", label: "Resize the preview", width: () => this.panes.preview,
            apply: (px) => setWidth("--preview-w", px), commit: (px) => this.setPanes({ preview: px }) })
        : null,
      this.doc && !focus ? this.preview.el : null,
    ];
    layout.append(...panes.filter((p): p is HTMLElement => p !== null));
    this.root.replaceChildren(layout);
    this.preview.schedule();
  }

  private renderSidebar(): HTMLElement {
    const openId = this.doc?.issue.id;
    return h("nav", { class: "sidebar", "aria-label": "Library" },
      h("header", {},
        h("h1", {}, "Masthead"),
        h("span", { class: "head-actions" },
          h("button", { class: "primary", onclick: () => void this.newIssue(), "data-testid": "new-issue", title: "New issue (Ctrl+N)" }, "New issue"),
          h("button", { class: "icon", "data-testid": "hide-sidebar", title: "Hide the library (Ctrl+\\)", "aria-label": "Hide the library",
            onclick: () => this.toggleSidebar(false) }, "‹"),
        ),
      ),
      h("div", { class: "sidebar-tools" },
        h("button", { "data-testid": "open-palette", title: "Find anything, run any command (Ctrl+K)", onclick: () => this.openPalette() },
          "Find…", h("kbd", {}, "Ctrl+K")),
        h("button", { "data-testid": "open-settings", title: "Settings (Ctrl+,)", onclick: () => void openSettings() }, "Settings"),
      ),
      h("div", { class: "tabs", role: "tablist", "aria-label": "Library" },
        ...(["issues", "inbox"] as const).map((t) =>
          h("button", {
            role: "tab", "aria-selected": String(this.tab === t), "data-testid": `tab-${t}`,
            title: t === "inbox" ? "Links collected for later (Ctrl+Shift+L)" : "Your issues",
            onclick: () => this.showTab(t),
          }, t === "issues" ? "Issues" : "Inbox", t === "inbox" ? h("span", { class: "count" }, this.inboxCount == null ? "" : String(this.inboxCount)) : null)),
      ),
      this.tab === "inbox" ? this.inbox.el : this.renderIssueList(openId),
    );
  }

  private renderIssueList(openId: number | undefined): HTMLElement {
    return h("div", { role: "tabpanel" },
      h("ul", { class: "issue-list", "data-testid": "issue-list" },
        ...this.issues.map((s) =>
          h("li", { class: s.id === openId ? "issue-row open" : "issue-row", "data-issue-id": s.id },
            h("button", {
              class: "issue-open",
              "aria-current": s.id === openId ? "page" : null,
              onclick: () => void this.guarded("open the issue", () => this.openIssue(s.id)),
            },
              h("span", { class: "issue-number" }, `#${s.number}`),
              h("span", { class: "issue-title" }, s.title.trim() || "Untitled issue"),
              h("span", { class: "issue-meta" }, issueMeta(s)),
            ),
            h("div", { class: "issue-actions" },
              h("button", { class: "icon", title: "Rename", "aria-label": `Rename issue #${s.number}`, onclick: () => void this.renameIssue(s) }, icon("rename")),
              h("button", { class: "icon", title: "Duplicate", "aria-label": `Duplicate issue #${s.number}`, onclick: () => void this.duplicateIssue(s) }, icon("duplicate")),
              h("button", { class: "icon danger", title: "Delete", "aria-label": `Delete issue #${s.number}`, "data-testid": "delete-issue", onclick: () => void this.deleteIssue(s) }, icon("delete")),
            ),
          ),
        ),
      ),
    );
  }

  private renderEmpty(): HTMLElement {
    return h("div", { class: "empty" },
      h("h2", {}, "No issues yet"),
      h("p", {}, "Start your first issue; Masthead saves as you type."),
      h("button", { class: "primary", onclick: () => void this.newIssue() }, "New issue"),
    );
  }

  /** A Markdown editor for a field; kept so a rebuild can put the caret back and free it. */
  private editor(opts: Parameters<typeof markdownEditor>[0]): HTMLElement {
    const ed = markdownEditor(opts);
    this.editors.push(ed);
    return ed.el;
  }

  /** A labelled full-width block around an editor (not a `<label>`: the editor is not a form control). */
  private block(label: string | (string | HTMLElement)[], content: HTMLElement): HTMLElement {
    return h("div", { class: "field wide" }, h("span", {}, ...(Array.isArray(label) ? label : [label])), content);
  }

  private field(label: string, input: HTMLElement, wide = false): HTMLElement {
    return h("label", { class: wide ? "field wide" : "field" }, h("span", {}, label), input);
  }

  /** The theme picker's options; an issue whose theme is gone keeps it listed, marked. */
  private themeOptions(current: string): [string, string][] {
    if (!current || this.themes.some(([v]) => v === current)) return this.themes;
    return [...this.themes, [current, `${current} (missing: add it to the themes folder)`]];
  }

  private renderIssue(doc: IssueDoc): HTMLElement {
    const i = doc.issue;
    const text = (key: "title" | "subtitle" | "preheader", testid: string, placeholder: string) =>
      h("input", {
        type: "text", value: i[key], placeholder, "data-testid": testid,
        oninput: (e: Event) => this.editIssue({ [key]: (e.target as HTMLInputElement).value }),
      });
    const area = (key: "intro" | "closing", label: string, placeholder: string) =>
      this.editor({ doc: i[key], label, testid: `issue-${key}`, placeholder, rows: 4, onChange: (text) => this.editIssue({ [key]: text }) });
    const number = h("input", {
      type: "number", min: 0, value: i.number, "data-testid": "issue-number", class: "number",
      onchange: (e: Event) => {
        const n = Number((e.target as HTMLInputElement).value);
        if (Number.isInteger(n) && n >= 0) this.editIssue({ number: n });
      },
    });
    const date = h("input", {
      type: "date", value: i.date, "data-testid": "issue-date",
      onchange: (e: Event) => this.editIssue({ date: (e.target as HTMLInputElement).value }),
    });
    const theme = h("select", {
      "data-testid": "issue-theme",
      onchange: (e: Event) => this.editIssue({ theme: (e.target as HTMLSelectElement).value }),
    }, ...this.themeOptions(i.theme).map(([v, label]) => h("option", { value: v, selected: v === i.theme }, label)));
    const status = h("select", {
      "data-testid": "issue-status",
      onchange: (e: Event) => this.editIssue({ status: (e.target as HTMLSelectElement).value as IssueStatus }),
    }, ...STATUSES.map((v) => h("option", { value: v, selected: v === i.status }, v[0].toUpperCase() + v.slice(1))));

    return h("div", { class: "issue" },
      h("header", { class: "issue-head" },
        h("span", { class: "issue-badge" }, "Issue"),
        number,
        h("input", {
          type: "text", class: "issue-title-input", value: i.title, placeholder: "Issue title",
          "aria-label": "Issue title", "data-testid": "issue-title",
          oninput: (e: Event) => this.editIssue({ title: (e.target as HTMLInputElement).value }),
        }),
        this.saveBadge,
        h("button", { "data-testid": "open-history", title: "Versions of this issue, with restore (Ctrl+Shift+H)", onclick: () => this.openHistory() }, "History"),
        h("button", { "data-testid": "open-export", title: "Export, check and send a test (Ctrl+E)", onclick: () => this.openExport() }, "Export…"),
        h("button", {
          class: "icon", title: "Duplicate this issue", "aria-label": "Duplicate this issue",
          onclick: () => { const s = this.summaryOfOpen(); if (s) void this.duplicateIssue(s); },
        }, icon("duplicate")),
        h("button", {
          class: "icon danger", title: "Delete this issue", "aria-label": "Delete this issue", "data-testid": "delete-open-issue",
          onclick: () => { const s = this.summaryOfOpen(); if (s) void this.deleteIssue(s); },
        }, icon("delete")),
      ),
      h("section", { class: "issue-fields", "aria-label": "Issue details" },
        this.field("Subtitle", text("subtitle", "issue-subtitle", "One line under the title"), true),
        this.field("Date", date),
        this.field("Theme", theme),
        this.field("Status", status),
        this.field("Preheader", text("preheader", "issue-preheader", "The preview line in the inbox"), true),
        this.block("Intro (Markdown)", area("intro", "Intro", "The opening: what this week was about")),
      ),
      h("div", { class: "stories-pane" },
        this.renderStoryList(doc),
        this.story ? this.renderStory(this.story, doc) : h("div", { class: "story-editor empty" }, h("p", {}, "Add a story to start writing.")),
      ),
      h("section", { class: "issue-fields" },
        this.block("Closing (Markdown): the “Read:” pick, a question, the sign-off", area("closing", "Closing", "Read: …  What did you think? — Sam")),
      ),
    );
  }

  private renderStoryList(doc: IssueDoc): HTMLElement {
    let dragged: number | null = null;
    return h("section", { class: "story-list", "aria-label": "Stories" },
      h("header", {},
        h("h2", {}, `Stories (${doc.stories.length})`),
        h("button", { onclick: () => void this.addStory(), "data-testid": "add-story" }, "Add story"),
      ),
      h("ol", { "data-testid": "story-list" },
        ...doc.stories.map((s, index) => {
          const li = h("li", {
            class: s.id === this.storyId ? "story-row selected" : "story-row",
            "data-story-id": s.id,
            "data-testid": "story-row",
            tabindex: 0,
            draggable: "true",
            "aria-label": `Story ${storyNumber(index)}: ${s.headline || "Untitled story"}. Alt+Up or Alt+Down moves it.`,
            onclick: () => this.selectStory(s.id),
            onkeydown: (e: KeyboardEvent) => {
              if (e.key === "Enter") this.selectStory(s.id);
            },
            ondragstart: (e: DragEvent) => {
              dragged = index;
              e.dataTransfer?.setData(STORY_DRAG, String(s.id));
            },
            ondragover: (e: DragEvent) => {
              e.preventDefault();
              li.classList.add("over");
            },
            ondragleave: () => li.classList.remove("over"),
            ondrop: (e: DragEvent) => {
              li.classList.remove("over");
              if (this.dropInto(e, s, {})) return; // a link or reaction moved to this story
              e.preventDefault();
              if (dragged != null && dragged !== index) void this.moveStory(doc.stories[dragged], index);
            },
          },
            h("span", { class: "story-number" }, storyNumber(index)),
            h("span", { class: "story-headline" }, s.headline.trim() || "Untitled story"),
            h("span", { class: "story-move" },
              h("button", { class: "icon", "aria-label": "Move up", "data-testid": "story-up", disabled: index === 0,
                onclick: (e: Event) => { e.stopPropagation(); void this.moveStory(s, index - 1); } }, "↑"),
              h("button", { class: "icon", "aria-label": "Move down", "data-testid": "story-down", disabled: index === doc.stories.length - 1,
                onclick: (e: Event) => { e.stopPropagation(); void this.moveStory(s, index + 1); } }, "↓"),
            ),
          );
          return li;
        }),
      ),
    );
  }

  private selectStory(id: number): void {
    if (id === this.storyId) return;
    this.storyId = id;
    this.render();
  }

  private renderStory(story: Story, doc: IssueDoc): HTMLElement {
    const index = doc.stories.findIndex((s) => s.id === story.id);
    const input = (key: "headline" | "section" | "discuss_url", testid: string, placeholder: string) =>
      h("input", {
        type: key === "discuss_url" ? "url" : "text", value: story[key], placeholder, "data-testid": testid,
        oninput: (e: Event) => this.editStory(story, { [key]: (e.target as HTMLInputElement).value }),
      });
    const words = () => readingTime(wordCount(story.body) + wordCount(story.takeaway), this.wordsPerMinute);
    const counts = h("span", { class: "counts", "data-testid": "story-words" }, words());
    const area = (key: "body" | "takeaway" | "summary" | "details", label: string, rows: number, placeholder: string) =>
      this.editor({
        doc: story[key], label, testid: `story-${key}`, placeholder, rows,
        onChange: (text) => {
          this.editStory(story, { [key]: text });
          if (key === "body" || key === "takeaway") counts.textContent = words();
        },
      });

    return h("section", { class: "story-editor", "aria-label": `Story ${storyNumber(index)}` },
      h("header", {},
        h("span", { class: "story-number big" }, storyNumber(index)),
        input("headline", "story-headline", "Headline"),
        h("button", { class: "danger subtle", "data-testid": "delete-story", onclick: () => void this.deleteStory(story) }, "Delete story"),
      ),
      h("div", { class: "row" },
        this.field("Section", input("section", "story-section", "e.g. Top Priority Items")),
        this.field("Discuss link", input("discuss_url", "story-discuss", "https://…")),
      ),
      this.block(["Body (Markdown) ", counts], area("body", "Body", 12, "Write the story. **bold**, _italic_, [links](https://…), ### sub-headings")),
      this.block("What it means", area("takeaway", "What it means", 3, "The takeaway: why this matters")),
      h("details", { class: "briefing-fields" },
        h("summary", {}, "Summary and details (briefing theme)"),
        this.block("Summary", area("summary", "Summary", 2, "One or two sentences")),
        this.block("Details", area("details", "Details", 4, "The specifics")),
      ),
      this.renderItems(story),
    );
  }

  /** A link's card arrived and was attached: show it without disturbing what is being typed. */
  private itemAttached(storyId: number, item: Item): void {
    const story = this.doc?.stories.find((s) => s.id === storyId);
    if (!story) return;
    story.items.push(item);
    this.preview.schedule();
    this.redrawItems(story);
  }

  private redrawItems(story: Story): void {
    const section = this.root.querySelector(`[data-items-for="${story.id}"]`);
    if (section) section.replaceWith(this.renderItems(story));
  }

  private editItem(item: Item, patch: Partial<Item>): void {
    Object.assign(item, patch);
    const fields = this.itemFields(item);
    this.preview.schedule();
    this.saver.touch(`item:${item.id}`, async () => {
      await api.updateItem(item.id, fields);
    });
  }

  /** A blank link or reaction, opened for editing (for posts that cannot be fetched). */
  private addItemByHand = (story: Story, kind: "coverage" | "reaction") =>
    this.guarded(kind === "reaction" ? "add a reaction" : "add a link", async () => {
      await this.saver.flush();
      const item = await api.addItem(story.id, { kind, group_heading: kind === "coverage" ? this.groups.get(story.id) ?? "" : "" });
      story.items.push(item);
      this.editingItem = item.id;
      this.redrawItems(story);
      this.root.querySelector<HTMLInputElement>(`[data-item-id="${item.id}"] [data-testid=item-source]`)?.focus();
    });

  private deleteItem = (story: Story, item: Item) =>
    this.guarded("delete the link", async () => {
      const what = item.kind === "reaction" ? `the reaction by ${item.source || "someone"}` : `“${item.title || item.source || item.url}”`;
      const ok = await ask({ title: "Remove this link?", body: `${what} leaves this story. A revision of the issue is kept first.`, confirm: "Remove", danger: true });
      if (!ok) return;
      await this.saver.flush();
      await api.deleteItem(item.id);
      story.items = story.items.filter((i) => i.id !== item.id);
      if (this.editingItem === item.id) this.editingItem = null;
      this.preview.schedule();
      this.redrawItems(story);
    });

  /** One link or reaction: its line, with Edit and Remove; open, the fields to change. */
  private renderItemRow(story: Story, item: Item): HTMLElement {
    const reaction = item.kind === "reaction";
    const editing = this.editingItem === item.id;
    const line = reaction
      ? [h("strong", {}, item.source), item.role ? h("span", { class: "role" }, ` ${item.role}`) : null,
         item.quote ? h("q", {}, item.quote) : null,
         countsLine(item.likes, item.views) ? h("span", { class: "counts" }, countsLine(item.likes, item.views)) : null]
      : [h("strong", {}, item.source), item.title ? ` — ${item.title}` : "", item.note ? h("em", {}, ` (${item.note})`) : null,
         item.url ? h("div", { class: "url" }, item.url) : null];
    const actions = h("span", { class: "item-actions" },
      h("button", { class: "icon", "aria-label": editing ? "Done editing" : "Edit", "data-testid": "item-edit", "aria-expanded": editing,
        onclick: () => { this.editingItem = editing ? null : item.id; void this.saver.flush(); this.redrawItems(story); } }, editing ? "Done" : icon("rename")),
      h("button", { class: "icon danger", "aria-label": "Remove", "data-testid": "item-delete", onclick: () => void this.deleteItem(story, item) }, icon("delete")),
    );
    const input = (key: "source" | "role" | "title" | "quote" | "note" | "url" | "group_heading", label: string, wide = false) =>
      h("label", { class: wide ? "field wide" : "field" }, h("span", {}, label),
        h("input", { type: key === "url" ? "url" : "text", value: item[key], "data-testid": `item-${key}`,
          oninput: (e: Event) => this.editItem(item, { [key]: (e.target as HTMLInputElement).value }) }));
    const count = (key: "likes" | "views", label: string) =>
      h("label", { class: "field" }, h("span", {}, label),
        h("input", { type: "number", min: 0, value: item[key] ?? "", "data-testid": `item-${key}`,
          oninput: (e: Event) => {
            const raw = (e.target as HTMLInputElement).value.trim();
            const n = raw === "" ? null : Math.max(0, Math.floor(Number(raw)));
            if (n === null || Number.isFinite(n)) this.editItem(item, { [key]: n });
          } }));
    const form = editing
      ? h("div", { class: "item-form" },
          ...(reaction
            ? [input("source", "Person"), input("role", "Role, e.g. CEO of Example"), input("quote", "Quote", true),
               count("likes", "Likes"), count("views", "Views"), input("url", "Link", true), input("note", "Note", true)]
            : [input("group_heading", "Group"), input("source", "Source"), input("title", "Title", true),
               input("url", "Link", true), input("note", "Note", true)]))
      : null;
    const row: HTMLElement = h("li", {
      class: reaction ? "reaction" : "coverage", "data-testid": reaction ? "reaction-item" : "coverage-item", "data-item-id": item.id,
      tabindex: 0, draggable: editing ? "false" : "true",
      "aria-label": `${reaction ? "Reaction" : "Link"}: ${item.source}${item.title ? `, ${item.title}` : ""}. Alt+Up or Alt+Down moves it; drag it to another group or story.`,
      ondragstart: (e: DragEvent) => {
        if (e.target !== row) return;
        e.dataTransfer?.setData(ITEM_DRAG, String(item.id));
        if (item.url) e.dataTransfer?.setData("text/uri-list", item.url);
      },
      ...this.takesDrops(() => row, story, { before: item.id, group: reaction ? undefined : item.group_heading, kind: item.kind }),
      onkeydown: (e: KeyboardEvent) => {
        if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown") || e.target !== row) return;
        e.preventDefault();
        e.stopPropagation(); // Alt+arrows on a story row move the story; here, the item
        // Swapping with the neighbour in the same group keeps the groups' order.
        const same = story.items.filter((i) => i.kind === item.kind && (reaction || i.group_heading === item.group_heading));
        const at = same.findIndex((i) => i.id === item.id);
        const up = e.key === "ArrowUp";
        const other = same[at + (up ? -1 : 1)];
        if (!other) return;
        void (up ? this.moveItemTo(item.id, story, other.id) : this.moveItemTo(other.id, story, item.id)).then(() =>
          this.root.querySelector<HTMLElement>(`[data-item-id="${item.id}"]`)?.focus());
      },
    },
      h("div", { class: "item-line" }, h("div", {}, ...line), actions), form);
    return row;
  }

  private addLinks(payload: Payload, story: Story): Promise<void> {
    return this.guarded("add the links", async () => {
      await this.saver.flush();
      const n = await this.links.add(payload, story.id, this.groups.get(story.id) ?? "");
      if (n) toast(`Adding ${n} link${n === 1 ? "" : "s"}: titles arrive as each page is fetched`);
    });
  }

  /** The handlers that let `el` take an inbox link or an item dropped at `place` in `story`. */
  private takesDrops(el: () => HTMLElement, story: Story, place: Parameters<App["dropInto"]>[2]) {
    return {
      ondragover: (e: DragEvent) => {
        if (!this.dropped(e)) return;
        e.preventDefault();
        el().classList.add("over");
      },
      ondragleave: () => el().classList.remove("over"),
      ondrop: (e: DragEvent) => {
        el().classList.remove("over");
        this.dropInto(e, story, place);
      },
    };
  }

  /** A group of links (or the reactions) that inbox links and items can be dropped into. */
  private dropTarget(story: Story, place: { kind: "coverage" | "reaction"; group?: string }, ...children: HTMLElement[]): HTMLElement {
    const el: HTMLElement = h("div", {
      class: "item-group", "data-group": place.kind === "reaction" ? "reactions" : place.group ?? "",
      ...this.takesDrops(() => el, story, place),
    }, ...children);
    return el;
  }

  private renderItems(story: Story): HTMLElement {
    const items = story.items;
    const coverage = items.filter((i) => i.kind === "coverage");
    const reactions = items.filter((i) => i.kind === "reaction");
    const groups = new Map<string, Item[]>();
    for (const c of coverage) groups.set(c.group_heading, [...(groups.get(c.group_heading) ?? []), c]);
    const paste = pasteField(
      { placeholder: "Paste links (one or many) and press Enter", label: "Add links to this story", testid: "link-input" },
      (p) => void this.addLinks(p, story),
    );
    const group = h("input", {
      type: "text", value: this.groups.get(story.id) ?? "", placeholder: "Group, e.g. Analysis", list: "group-headings",
      "aria-label": "Group heading for new coverage links", "data-testid": "link-group", class: "group",
      oninput: (e: Event) => this.groups.set(story.id, (e.target as HTMLInputElement).value),
    });
    const headings = [...new Set(coverage.map((c) => c.group_heading).filter((g) => g))];
    const drop = h("div", {
      class: "link-drop", "data-testid": "link-drop",
      ondragover: (e: DragEvent) => {
        if (e.dataTransfer?.types.includes(STORY_DRAG)) return;
        e.preventDefault();
        (e.currentTarget as HTMLElement).classList.add("over");
      },
      ondragleave: (e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove("over"),
      ondrop: (e: DragEvent) => {
        (e.currentTarget as HTMLElement).classList.remove("over");
        if (this.dropInto(e, story, {})) return; // from the inbox, or another story
        if (!e.dataTransfer || e.dataTransfer.types.includes(STORY_DRAG)) return;
        e.preventDefault();
        void payloadOf(e.dataTransfer).then((p) => (p ? this.addLinks(p, story) : toast("Nothing to add: drop links, or .url/.webloc files", "error")));
      },
    },
      h("p", {}, "Drop links from your browser here, or paste them below. Posts from X, Bluesky, Mastodon, Threads, LinkedIn and YouTube become reactions."),
      h("div", { class: "row" }, paste, group),
      h("datalist", { id: "group-headings" }, ...headings.map((g) => h("option", { value: g }))),
      this.fetchBar,
    );
    return h("section", { class: "items", "aria-label": "Links and reactions", "data-items-for": story.id },
      h("header", { class: "items-head" },
        h("h3", {}, "Links and reactions"),
        h("button", { class: "subtle", "data-testid": "add-coverage", title: "A link typed by hand, without fetching",
          onclick: () => void this.addItemByHand(story, "coverage") }, "+ Link"),
        h("button", { class: "subtle", "data-testid": "add-reaction", title: "A quote typed by hand: person, role, words, counts",
          onclick: () => void this.addItemByHand(story, "reaction") }, "+ Reaction"),
      ),
      drop,
      ...[...groups].map(([heading, list]) =>
        this.dropTarget(story, { kind: "coverage", group: heading },
          h("h4", {}, heading || "Links"),
          h("ul", {}, ...list.map((c) => this.renderItemRow(story, c))),
        )),
      reactions.length ? this.dropTarget(story, { kind: "reaction" },
        h("h4", {}, "Reactions"),
        h("ul", {}, ...reactions.map((r) => this.renderItemRow(story, r))),
      ) : null,
    );
  }

  private renderRecovery(path: string, kind: string, message: string): void {
    void setWindowTitle("Masthead — library needs attention");
    this.root.replaceChildren(
      h("div", { class: "recovery", role: "alert", "data-testid": "recovery" },
        h("h1", {}, "Masthead could not open your library"),
        h("p", {}, message),
        h("p", { class: "path" }, path),
        kind === "newer_version"
          ? h("p", {}, "Install the newer Masthead to open this library. Nothing was changed.")
          : h("div", {},
              h("p", {}, "You can move this file aside (it is kept, renamed, next to the new one) and start a fresh library, or quit and set MASTHEAD_DATA_DIR to another folder."),
              h("button", {
                class: "primary", "data-testid": "start-fresh",
                onclick: () => void this.guarded("start a fresh library", async () => {
                  const status = await api.libraryStartFresh();
                  if (status.error) throw new Error(status.error.message);
                  toast("The old file was moved aside; this is a fresh library.");
                  await this.start();
                }),
              }, "Move it aside and start fresh"),
            ),
      ),
    );
  }
}

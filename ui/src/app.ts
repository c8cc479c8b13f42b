// The window: library sidebar, issue editor, story editor. State lives in `App`; views
// are rebuilt from it, except while typing, when inputs update the state in place and
// the autosaver writes it through.

import { api, AppError, onThemesChanged, onWindowClose, setWindowTitle } from "./ipc";
import type {
  IssueDoc_Serialize as IssueDoc, IssueFields_Deserialize as IssueFields, IssueSummary, IssueStatus,
  Item_Serialize as Item, Story_Serialize as Story, StoryFields_Serialize as StoryFields,
} from "./ipc";
import { Autosaver, type SaveState } from "./autosave";
import { ask, h, icon, toast } from "./dom";
import { openExport, openSettings } from "./dialogs";
import { LinkAdder, payloadOf, progressText, type Payload } from "./links";
import { PreviewPane } from "./preview";
import { countsLine, issueMeta, moveItem, storyNumber, windowTitle, wordCount } from "./state";

const BUILT_IN_THEMES: [string, string][] = [
  ["weekly", "Weekly — numbered stories with takeaways"],
  ["digest", "Digest — short sections and a sign-off"],
  ["briefing", "Briefing — summary, priorities, sources"],
];
const STATUSES: IssueStatus[] = ["draft", "ready", "sent"];

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

  constructor(root: HTMLElement) {
    this.root = root;
    root.addEventListener("preview-toggle", () => this.root.querySelector(".layout")?.classList.toggle("with-preview", this.preview.isOpen));
    this.saver = new Autosaver(400, (s) => this.showSaveState(s));
    window.addEventListener("keydown", (e) => void this.onKey(e));
    window.addEventListener("beforeunload", () => void this.saver.flush());
    // Leaving a field saves it at once; closing the window waits for pending saves.
    root.addEventListener("focusout", () => void this.saver.flush());
    void onWindowClose(() => this.saver.flush());
  }

  async start(): Promise<void> {
    const status = await api.libraryStatus();
    if (status.error) return this.renderRecovery(status.path, status.error.kind, status.error.message);
    await this.loadThemes();
    void onThemesChanged(() => void this.loadThemes().then(() => this.preview.refresh()));
    await this.reloadList();
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
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === "n" && !e.shiftKey) {
      e.preventDefault();
      await this.newIssue();
    } else if (mod && e.key.toLowerCase() === "p") {
      e.preventDefault();
      this.preview.toggle();
    } else if (mod && e.key.toLowerCase() === "e" && this.doc) {
      e.preventDefault();
      this.openExport();
    } else if (mod && e.key === ",") {
      e.preventDefault();
      await openSettings();
    } else if (mod && e.key.toLowerCase() === "s") {
      e.preventDefault();
      await this.saver.flush();
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && this.story && this.doc) {
      e.preventDefault();
      const from = this.doc.stories.findIndex((s) => s.id === this.storyId);
      await this.moveStory(this.story, from + (e.key === "ArrowUp" ? -1 : 1));
    }
  }

  private showSaveState(s: SaveState): void {
    const text = { idle: "", pending: "Editing…", saving: "Saving…", saved: "Saved", error: "" }[s.kind];
    this.saveBadge.className = `save-state ${s.kind}`;
    this.saveBadge.textContent = s.kind === "error" ? `Not saved: ${s.message}. Your text is kept; it will retry.` : text;
    this.saveBadge.title = s.kind === "saved" ? "Everything is written to your library" : "";
  }

  // ---- views --------------------------------------------------------------------------

  private render(): void {
    this.root.replaceChildren(
      h("div", { class: `layout${this.doc && this.preview.isOpen ? " with-preview" : ""}` },
        this.renderSidebar(),
        h("main", { class: "editor", "aria-label": "Issue editor" }, this.doc ? this.renderIssue(this.doc) : this.renderEmpty()),
        this.doc ? this.preview.el : null,
      ),
    );
    this.preview.schedule(0);
  }

  private renderSidebar(): HTMLElement {
    const openId = this.doc?.issue.id;
    return h("nav", { class: "sidebar", "aria-label": "Library" },
      h("header", {},
        h("h1", {}, "Masthead"),
        h("button", { class: "primary", onclick: () => void this.newIssue(), "data-testid": "new-issue", title: "New issue (Ctrl+N)" }, "New issue"),
      ),
      h("div", { class: "sidebar-tools" },
        h("button", { "data-testid": "open-settings", title: "Settings (Ctrl+,)", onclick: () => void openSettings() }, "Settings"),
      ),
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
    const area = (key: "intro" | "closing", placeholder: string) =>
      h("textarea", {
        rows: 4, placeholder, "data-testid": `issue-${key}`,
        oninput: (e: Event) => this.editIssue({ [key]: (e.target as HTMLTextAreaElement).value }),
      }, i[key]);
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
        this.field("Intro (Markdown)", area("intro", "The opening: what this week was about"), true),
      ),
      h("div", { class: "stories-pane" },
        this.renderStoryList(doc),
        this.story ? this.renderStory(this.story, doc) : h("div", { class: "story-editor empty" }, h("p", {}, "Add a story to start writing.")),
      ),
      h("section", { class: "issue-fields" },
        this.field("Closing (Markdown): the “Read:” pick, a question, the sign-off", area("closing", "Read: …  What did you think? — Sam"), true),
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
              e.dataTransfer?.setData("text/x-masthead-story", String(s.id));
            },
            ondragover: (e: DragEvent) => e.preventDefault(),
            ondrop: (e: DragEvent) => {
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
    const counts = h("span", { class: "counts", "data-testid": "story-words" }, `${wordCount(story.body)} words`);
    const area = (key: "body" | "takeaway" | "summary" | "details", rows: number, placeholder: string) =>
      h("textarea", {
        rows, placeholder, "data-testid": `story-${key}`, spellcheck: "true",
        oninput: (e: Event) => {
          this.editStory(story, { [key]: (e.target as HTMLTextAreaElement).value });
          if (key === "body") counts.textContent = `${wordCount(story.body)} words`;
        },
      }, story[key]);

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
      h("label", { class: "field wide" }, h("span", {}, "Body (Markdown) ", counts), area("body", 12, "Write the story. **bold**, _italic_, [links](https://…), ### sub-headings")),
      this.field("What it means", area("takeaway", 3, "The takeaway: why this matters"), true),
      h("details", { class: "briefing-fields" },
        h("summary", {}, "Summary and details (briefing theme)"),
        this.field("Summary", area("summary", 2, "One or two sentences"), true),
        this.field("Details", area("details", 4, "The specifics"), true),
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
    const fields = {
      kind: item.kind, group_heading: item.group_heading, source: item.source, role: item.role, title: item.title,
      quote: item.quote, note: item.note, url: item.url, likes: item.likes, views: item.views,
      captured_at: item.captured_at, link_id: item.link_id,
    };
    this.preview.schedule();
    this.saver.touch(`item:${item.id}`, async () => {
      await api.updateItem(item.id, fields);
    });
  }

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
    return h("li", { class: reaction ? "reaction" : "coverage", "data-testid": reaction ? "reaction-item" : "coverage-item", "data-item-id": item.id },
      h("div", { class: "item-line" }, h("div", {}, ...line), actions), form);
  }

  private addLinks(payload: Payload, story: Story): Promise<void> {
    return this.guarded("add the links", async () => {
      await this.saver.flush();
      const n = await this.links.add(payload, story.id, this.groups.get(story.id) ?? "");
      if (n) toast(`Adding ${n} link${n === 1 ? "" : "s"}: titles arrive as each page is fetched`);
    });
  }

  private renderItems(story: Story): HTMLElement {
    const items = story.items;
    const coverage = items.filter((i) => i.kind === "coverage");
    const reactions = items.filter((i) => i.kind === "reaction");
    const groups = new Map<string, Item[]>();
    for (const c of coverage) groups.set(c.group_heading || "Links", [...(groups.get(c.group_heading || "Links") ?? []), c]);
    const paste = h("input", {
      type: "text", placeholder: "Paste links (one or many) and press Enter", "aria-label": "Add links to this story",
      "data-testid": "link-input",
      onkeydown: (e: KeyboardEvent) => {
        const input = e.target as HTMLInputElement;
        if (e.key !== "Enter" || !input.value.trim()) return;
        e.preventDefault();
        const data = input.value;
        input.value = "";
        void this.addLinks({ kind: "text", data }, story);
      },
      onpaste: (e: ClipboardEvent) => {
        const html = e.clipboardData?.getData("text/html");
        if (html && /<a\s/i.test(html)) {
          e.preventDefault(); // anchors carry their titles; the plain text would lose them
          void this.addLinks({ kind: "html", data: html }, story);
        }
      },
    });
    const group = h("input", {
      type: "text", value: this.groups.get(story.id) ?? "", placeholder: "Group, e.g. Analysis", list: "group-headings",
      "aria-label": "Group heading for new coverage links", "data-testid": "link-group", class: "group",
      oninput: (e: Event) => this.groups.set(story.id, (e.target as HTMLInputElement).value),
    });
    const headings = [...new Set(coverage.map((c) => c.group_heading).filter((g) => g))];
    const drop = h("div", {
      class: "link-drop", "data-testid": "link-drop",
      ondragover: (e: DragEvent) => {
        if (e.dataTransfer?.types.includes("text/x-masthead-story")) return;
        e.preventDefault();
        (e.currentTarget as HTMLElement).classList.add("over");
      },
      ondragleave: (e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove("over"),
      ondrop: (e: DragEvent) => {
        (e.currentTarget as HTMLElement).classList.remove("over");
        if (!e.dataTransfer || e.dataTransfer.types.includes("text/x-masthead-story")) return;
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
      h("h3", {}, "Links and reactions"),
      drop,
      ...[...groups].map(([heading, list]) =>
        h("div", { class: "item-group" },
          h("h4", {}, heading),
          h("ul", {}, ...list.map((c) => this.renderItemRow(story, c))),
        )),
      reactions.length ? h("div", { class: "item-group" },
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

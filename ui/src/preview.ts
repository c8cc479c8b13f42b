// The live preview: the issue as readers will get it, rendered by the core and shown in
// a sandboxed frame. The frame may not run script (no `allow-scripts`); `allow-same-origin`
// lets this pane update the frame's document in place, so a keystroke costs a DOM update
// rather than loading a new document (which WebKitGTK takes 100 ms and more to do), and
// the reader's scroll position stays where it was.

import { api, AppError, type Appearance, type Format, type IssueDoc_Deserialize as IssueDoc, type Preview_Serialize as Preview, type Viewport } from "./ipc";
import { h } from "./dom";
import { groupDigits, previewSummary } from "./state";

type Settings = { format: Format; viewport: Viewport; appearance: Appearance; open: boolean };

const STORAGE_KEY = "masthead.preview";
const FORMATS: [Format, string][] = [["web", "Web"], ["email", "Email"], ["text", "Text"], ["markdown", "Markdown"]];

function loadSettings(): Settings {
  const fallback: Settings = { format: "web", viewport: "desktop", appearance: "auto", open: true };
  try {
    return { ...fallback, ...JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") };
  } catch {
    return fallback;
  }
}

export class PreviewPane {
  readonly el: HTMLElement;
  private frame: HTMLIFrameElement;
  private stage: HTMLElement;
  private status: HTMLElement;
  private problem: HTMLElement;
  private settings = loadSettings();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private shown = 0;
  private scroll = 0;
  private last: Preview | null = null;
  private rendering = false;
  /** Whether the frame holds a rendered document that can be updated in place. */
  private loaded = false;
  /** The `<head>` last shown: unchanged (the usual keystroke), it is left alone. */
  private head = "";
  /** The last HTML painted. */
  private latest = "";
  private dirty = false;

  constructor(
    private getDoc: () => IssueDoc | null,
    /** Told when the preview is shown or hidden (the window lays out its panes). */
    private onToggle: (open: boolean) => void = () => undefined,
  ) {
    this.frame = h("iframe", {
      title: "Preview of the issue",
      sandbox: "allow-same-origin",
      "data-testid": "preview-frame",
      referrerpolicy: "no-referrer",
    });
    this.frame.addEventListener("load", () => {
      this.loaded = true;
      this.head = "";
      // Moving the frame in the page reloads what it first loaded: bring it up to date.
      if (this.latest && this.frame.srcdoc !== this.latest) this.paint(this.latest);
      this.restoreScroll();
    });
    this.stage = h("div", { class: "preview-stage" }, this.frame);
    this.status = h("div", { class: "preview-status", "data-testid": "preview-status" });
    this.problem = h("div", { class: "preview-problem", role: "status", "data-testid": "preview-problem", hidden: true });
    this.el = h("aside", { class: "preview", "aria-label": "Preview" });
    this.build();
  }

  get isOpen(): boolean {
    return this.settings.open;
  }

  /**
   * Re-renders as soon as the last render is in: a keystroke when nothing is rendering is
   * shown at once, and keystrokes during a render collapse into one more render after it.
   */
  schedule(): void {
    if (!this.settings.open) return;
    if (this.rendering) {
      this.dirty = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), 0);
  }

  private async run(): Promise<void> {
    this.rendering = true;
    this.dirty = false;
    try {
      await this.refresh();
    } finally {
      this.rendering = false;
      if (this.dirty) this.schedule();
    }
  }

  async refresh(): Promise<void> {
    const doc = this.getDoc();
    if (!doc || !this.settings.open) return;
    const seq = ++this.seq;
    const { format, viewport, appearance } = this.settings;
    try {
      const p = await api.previewIssue(doc, { format, viewport, appearance, theme: null });
      if (seq < this.shown) return; // a later render already arrived
      this.shown = seq;
      this.show(p);
      if (format === "email") void this.meter(doc, seq);
    } catch (e) {
      if (seq < this.shown) return;
      // The last good render stays; the problem is named above it.
      this.showProblem(e instanceof AppError ? e.message : String(e));
    }
  }

  /** The email's real size (CSS inlined) against Gmail's clipping, story by story. */
  private async meter(doc: IssueDoc, seq: number): Promise<void> {
    try {
      const size = await api.emailSize(doc, null);
      if (seq !== this.shown || !this.last) return;
      this.status.textContent = `${previewSummary(this.last)} · email ${size.summary}`;
      this.status.classList.toggle("warn", size.level !== "ok");
      this.status.title = size.stories.map((st, i) => `${String(i + 1).padStart(2, "0")} ${st.headline}: ${(st.bytes / 1024).toFixed(1)} KB`).join("\n");
    } catch {
      // the preview itself already says what is wrong
    }
  }

  toggle(open = !this.settings.open): void {
    this.update({ open });
    this.onToggle(open);
  }

  /** Shows the preview (opening it if hidden) as `format`. */
  setFormat(format: Format): void {
    if (this.settings.open) this.update({ format });
    else {
      this.update({ format, open: true });
      this.onToggle(true);
    }
  }

  private update(patch: Partial<Settings>): void {
    this.settings = { ...this.settings, ...patch };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.settings));
    } catch {
      // storage unavailable: the choice lasts for this session
    }
    this.build();
    void this.refresh();
  }

  private show(p: Preview): void {
    this.last = p;
    this.stage.classList.toggle("mobile", p.width != null);
    this.frame.style.width = p.width != null ? `${p.width}px` : "";
    this.paint(p.html);
    this.status.textContent = previewSummary(p);
    this.status.classList.remove("warn");
    this.status.title = `${groupDigits(p.bytes)} bytes`;
    if (p.theme_errors.length) {
      const e = p.theme_errors[0];
      const where = e.line != null ? ` line ${e.line}${e.column != null ? `, column ${e.column}` : ""}` : "";
      this.showProblem(`Theme “${e.theme}”, ${e.file}${where}: ${e.message}. Showing its last good version.`);
    } else {
      this.problem.hidden = true;
    }
  }

  /**
   * Shows `html` in the frame: the first time by loading it, afterwards by swapping the
   * parsed document's parts into the one shown. The frame's sandbox still applies to all
   * of it: nothing inserted can run script.
   */
  private paint(html: string): void {
    this.latest = html;
    const shown = this.loaded ? this.frame.contentDocument : null;
    if (!shown?.documentElement || !shown.head || !shown.body) {
      this.saveScroll();
      this.loaded = false;
      this.head = "";
      this.frame.srcdoc = html;
      return;
    }
    const next = new DOMParser().parseFromString(html, "text/html");
    const root = shown.documentElement;
    for (const a of Array.from(root.attributes)) if (!next.documentElement.hasAttribute(a.name)) root.removeAttribute(a.name);
    for (const a of Array.from(next.documentElement.attributes)) if (root.getAttribute(a.name) !== a.value) root.setAttribute(a.name, a.value);
    const head = next.head.innerHTML;
    if (head !== this.head) {
      shown.head.replaceWith(shown.importNode(next.head, true));
      this.head = head;
    }
    shown.body.replaceWith(shown.importNode(next.body, true));
  }

  private showProblem(message: string): void {
    this.problem.textContent = message;
    this.problem.hidden = false;
  }

  private saveScroll(): void {
    try {
      this.scroll = this.frame.contentWindow?.scrollY ?? this.scroll;
    } catch {
      // not readable: start at the top
    }
  }

  private restoreScroll(): void {
    try {
      this.frame.contentWindow?.scrollTo(0, this.scroll);
    } catch {
      // not scrollable from here
    }
  }

  private build(): void {
    const s = this.settings;
    const seg = <T extends string>(label: string, value: T, options: [T, string][], key: keyof Settings, testid: string) =>
      h("div", { class: "segmented", role: "group", "aria-label": label, "data-testid": testid },
        ...options.map(([v, text]) =>
          h("button", {
            type: "button", "aria-pressed": v === value ? "true" : "false", "data-value": v,
            onclick: () => this.update({ [key]: v } as Partial<Settings>),
          }, text)));
    this.el.classList.toggle("closed", !s.open);
    if (!s.open) {
      this.el.replaceChildren(
        h("button", { class: "preview-open", title: "Show the preview (Ctrl+P)", "data-testid": "preview-show", onclick: () => this.toggle(true) }, "Preview"),
      );
      return;
    }
    this.el.replaceChildren(
      h("header", { class: "preview-bar" },
        seg("Format", s.format, FORMATS, "format", "preview-format"),
        seg("Width", s.viewport, [["desktop", "Desktop"], ["mobile", "Mobile"]], "viewport", "preview-viewport"),
        h("select", {
          "aria-label": "Light or dark", "data-testid": "preview-appearance",
          onchange: (e: Event) => this.update({ appearance: (e.target as HTMLSelectElement).value as Appearance }),
        }, ...(["auto", "light", "dark"] as Appearance[]).map((v) =>
          h("option", { value: v, selected: v === s.appearance }, v === "auto" ? "System" : v[0].toUpperCase() + v.slice(1)))),
        h("button", { class: "icon", title: "Hide the preview (Ctrl+P)", "aria-label": "Hide the preview", onclick: () => this.toggle(false) }, "×"),
      ),
      this.problem,
      this.stage,
      this.status,
    );
    if (this.last) this.status.textContent = previewSummary(this.last);
  }
}

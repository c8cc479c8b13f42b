// The live preview's state: which format, width and appearance the author chose (kept
// between runs), the last render the core returned, and what is wrong if a render failed.
// Renders as soon as the last one is in: a keystroke when nothing is rendering is shown
// at once, and keystrokes during a render collapse into one more render after it.

import { api, AppError, type Appearance, type Format, type IssueDoc_Deserialize as IssueDoc, type Preview_Serialize as Preview, type SizeReport } from "../ipc";

const STORAGE_KEY = "masthead.preview";
type Settings = { format: Format; viewport: Viewport; appearance: Appearance; open: boolean };
type Viewport = "desktop" | "mobile";

function load(): Settings {
  const fallback: Settings = { format: "web", viewport: "desktop", appearance: "auto", open: true };
  try {
    return { ...fallback, ...JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") };
  } catch {
    return fallback;
  }
}

export class PreviewState {
  format = $state<Format>("web");
  viewport = $state<Viewport>("desktop");
  appearance = $state<Appearance>("auto");
  open = $state(true);
  /** The last good render: it stays on screen when a later one fails. */
  result = $state<Preview | null>(null);
  /** Why the last render failed, or a theme's error with file and line. */
  problem = $state<string | null>(null);
  /** The inlined email's size against Gmail's clipping (email format only). */
  size = $state<SizeReport | null>(null);

  private seq = 0;
  private shown = 0;
  private rendering = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private getDoc: () => IssueDoc | null) {
    const s = load();
    this.format = s.format;
    this.viewport = s.viewport;
    this.appearance = s.appearance;
    this.open = s.open;
  }

  set(patch: Partial<Settings>): void {
    Object.assign(this, patch);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ format: this.format, viewport: this.viewport, appearance: this.appearance, open: this.open }));
    } catch {
      // storage unavailable: the choice lasts for this session
    }
    void this.refresh();
  }

  toggle(open = !this.open): void {
    this.set({ open });
  }

  /** Shows the preview (opening it if hidden) as `format`. */
  setFormat(format: Format): void {
    this.set({ format, open: true });
  }

  schedule(): void {
    if (!this.open) return;
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
    if (!doc || !this.open) return;
    const seq = ++this.seq;
    const { format, viewport, appearance } = this;
    try {
      const p = await api.previewIssue(doc, { format, viewport, appearance, theme: null });
      if (seq < this.shown) return; // a later render already arrived
      this.shown = seq;
      this.result = p;
      this.size = null;
      const e = p.theme_errors[0];
      if (e) {
        const where = e.line != null ? ` line ${e.line}${e.column != null ? `, column ${e.column}` : ""}` : "";
        this.problem = `Theme “${e.theme}”, ${e.file}${where}: ${e.message}. Showing its last good version.`;
      } else {
        this.problem = null;
      }
      if (format === "email") void this.meter(doc, seq);
    } catch (err) {
      if (seq < this.shown) return;
      // The last good render stays; the problem is named above it.
      this.problem = err instanceof AppError ? err.message : String(err);
    }
  }

  private async meter(doc: IssueDoc, seq: number): Promise<void> {
    try {
      const size = await api.emailSize(doc, null);
      if (seq === this.shown) this.size = size;
    } catch {
      // the preview itself already says what is wrong
    }
  }
}

// Painting the preview frame. The frame may not run script (no `allow-scripts`);
// `allow-same-origin` lets the window update the frame's document in place, so a
// keystroke costs a DOM update rather than loading a new document (which WebKitGTK takes
// 100 ms and more to do), and the reader's scroll position stays where it was.

export class FramePainter {
  /** Whether the frame holds a rendered document that can be updated in place. */
  private loaded = false;
  /** The `<head>` last shown: unchanged (the usual keystroke), it is left alone. */
  private head = "";
  /** The last HTML painted. */
  private latest = "";
  private scroll = 0;

  constructor(private frame: HTMLIFrameElement) {
    frame.addEventListener("load", () => {
      this.loaded = true;
      this.head = "";
      const doc = frame.contentDocument;
      if (doc) this.linksOpenOutside(doc);
      // Moving the frame in the page reloads what it first loaded: bring it up to date.
      if (this.latest && frame.srcdoc !== this.latest) this.paint(this.latest);
      this.restoreScroll();
    });
  }

  /**
   * Shows `html` in the frame: the first time by loading it, afterwards by swapping the
   * parsed document's parts into the one shown. The frame's sandbox still applies to all
   * of it: nothing inserted can run script.
   */
  paint(html: string): void {
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
    this.linksOpenOutside(shown);
  }

  /**
   * A link clicked in the frame is for the browser. The frame runs no script, and the
   * window's listeners do not run in it either, so its web links target the window
   * (allowed on a click only: `allow-top-navigation-by-user-activation`), where the shell
   * stops the navigation and hands the address to the browser. In-page links stay.
   */
  private linksOpenOutside(doc: Document): void {
    for (const a of Array.from(doc.querySelectorAll<HTMLAnchorElement>("a[href]"))) {
      if (/^(https?|mailto):/i.test(a.getAttribute("href") ?? "")) a.target = "_top";
    }
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
}

/** The width the desktop preview lays an issue out at, before scaling it to the pane. */
export const DESKTOP_WIDTH = 720;

/**
 * How the frame fits the pane: a phone at its own width, a desktop at `DESKTOP_WIDTH`
 * or the pane's width if wider; either scaled down (never up) to fit.
 */
export function frameFit(pane: { width: number; height: number }, phoneWidth: number | null): { width: number; height: number; scale: number } {
  const width = phoneWidth ?? Math.max(DESKTOP_WIDTH, Math.floor(pane.width));
  const scale = pane.width > 0 ? Math.min(1, pane.width / width) : 1;
  return { width, height: Math.max(0, Math.floor(pane.height / scale)), scale };
}

// The window's panes: how wide the library and the preview are, whether the library is
// collapsed, and focus mode. Remembered between runs; resized by dragging or with the
// arrow keys on the dividers.

import { h } from "./dom";

export type PaneSettings = { sidebar: number; preview: number; sidebarOpen: boolean; focus: boolean };

const STORAGE_KEY = "masthead.layout";
const DEFAULTS: PaneSettings = { sidebar: 264, preview: 460, sidebarOpen: true, focus: false };
/** The widths a pane may take, in CSS pixels: narrower hides what it shows, wider starves the editor. */
export const LIMITS = { sidebar: [200, 480], preview: [300, 1100] } as const;

export function clampWidth(pane: keyof typeof LIMITS, px: number): number {
  const [min, max] = LIMITS[pane];
  return Math.round(Math.max(min, Math.min(max, px)));
}

export function loadPanes(): PaneSettings {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as Partial<PaneSettings>;
    const s = { ...DEFAULTS, ...saved };
    return { ...s, sidebar: clampWidth("sidebar", Number(s.sidebar) || DEFAULTS.sidebar), preview: clampWidth("preview", Number(s.preview) || DEFAULTS.preview) };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePanes(s: PaneSettings): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
  } catch {
    // storage unavailable: the layout lasts for this session
  }
}

/**
 * A divider that resizes `pane`. `side` says where the pane is: dragging away from it makes
 * it wider. `apply` shows a width while dragging; `commit` keeps it.
 */
export function divider(opts: {
  pane: keyof typeof LIMITS;
  side: "left" | "right";
  label: string;
  width: () => number;
  apply: (px: number) => void;
  commit: (px: number) => void;
}): HTMLElement {
  const sign = opts.side === "left" ? 1 : -1;
  const el = h("div", {
    class: "divider", role: "separator", tabindex: 0, "aria-orientation": "vertical", "aria-label": opts.label,
    "aria-valuemin": LIMITS[opts.pane][0], "aria-valuemax": LIMITS[opts.pane][1], "aria-valuenow": opts.width(),
    "data-testid": `divider-${opts.pane}`, title: `${opts.label}: drag, or focus and use the arrow keys`,
    onkeydown: (e: KeyboardEvent) => {
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      e.preventDefault();
      const step = (e.key === "ArrowRight" ? 1 : -1) * sign * (e.shiftKey ? 64 : 16);
      const px = clampWidth(opts.pane, opts.width() + step);
      opts.apply(px);
      opts.commit(px);
      el.setAttribute("aria-valuenow", String(px));
    },
    onpointerdown: (e: PointerEvent) => {
      e.preventDefault(); // no text selection while dragging; focus is given by hand
      el.focus();
      const startX = e.clientX;
      const start = opts.width();
      let px = start;
      el.setPointerCapture(e.pointerId);
      el.classList.add("dragging");
      const move = (m: PointerEvent) => {
        px = clampWidth(opts.pane, start + sign * (m.clientX - startX));
        opts.apply(px);
      };
      const up = () => {
        el.removeEventListener("pointermove", move);
        el.removeEventListener("pointerup", up);
        el.classList.remove("dragging");
        el.setAttribute("aria-valuenow", String(px));
        opts.commit(px);
      };
      el.addEventListener("pointermove", move);
      el.addEventListener("pointerup", up);
    },
  });
  return el;
}

// The window's panes: how wide the library and the preview are, whether the library is
// collapsed, and focus mode. Remembered between runs (components/Divider.svelte resizes).

export type PaneSettings = { sidebar: number; preview: number; sidebarOpen: boolean; focus: boolean };

const STORAGE_KEY = "masthead.layout";
// At 1280 px these leave the story editor over 600 px wide (EDITOR_MIN).
const DEFAULTS: PaneSettings = { sidebar: 248, preview: 376, sidebarOpen: true, focus: false };
/** The narrowest the editor column gets while panes are beside it: a 600 px story editor and its margins. */
export const EDITOR_MIN = 640;
/** Each divider's width in CSS pixels (two when the preview is shown). */
const DIVIDER = 5;
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
 * The widths the panes can have in a window `windowWidth` wide, so that no pane clips
 * another: the preview gives way first, then the library, each down to its minimum, until
 * the editor column has `EDITOR_MIN`. A saved layout from a wider screen is clamped so.
 */
export function fitPanes(
  windowWidth: number,
  want: { sidebar: number; preview: number },
  shown: { sidebar: boolean; preview: boolean },
): { sidebar: number; preview: number } {
  let sidebar = clampWidth("sidebar", want.sidebar);
  let preview = clampWidth("preview", want.preview);
  const used = () => (shown.sidebar ? sidebar + DIVIDER : 22) + (shown.preview ? preview + DIVIDER : 0);
  let over = used() + EDITOR_MIN - windowWidth;
  if (over > 0 && shown.preview) {
    const give = Math.min(over, preview - LIMITS.preview[0]);
    preview -= give;
    over -= give;
  }
  if (over > 0 && shown.sidebar) sidebar -= Math.min(over, sidebar - LIMITS.sidebar[0]);
  return { sidebar, preview };
}

// The window's panes: how wide the library and the preview are, whether the library is
// collapsed, and focus mode. Remembered between runs (components/Divider.svelte resizes).

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

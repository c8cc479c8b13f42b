// The command palette's matching (components/Palette.svelte draws it): commands by the
// words of their labels, and search snippets with their matches marked.


export type PaletteCommand = {
  id: string;
  label: string;
  /** The shortcut as shown, e.g. `Ctrl+E`. */
  keys?: string;
  run: () => void | Promise<void>;
};

/**
 * Commands whose label holds every word of `query` (in any order, as word prefixes),
 * those matching at the start first. An empty query lists them all.
 */
export function matchCommands<T extends { label: string }>(query: string, commands: readonly T[]): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return commands.slice();
  const scored: [number, number, T][] = [];
  commands.forEach((c, index) => {
    const label = c.label.toLowerCase();
    const labelWords = label.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!words.every((w) => labelWords.some((lw) => lw.startsWith(w)))) return;
    scored.push([label.startsWith(words[0]) ? 0 : 1, index, c]);
  });
  return scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((s) => s[2]);
}

/** A search snippet (`…the [harbour] pilot…`) as text with the matches marked. */
export function snippetParts(snippet: string): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) out.push({ text: snippet.slice(last, m.index), mark: false });
    out.push({ text: m[1], mark: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) out.push({ text: snippet.slice(last), mark: false });
  return out;
}

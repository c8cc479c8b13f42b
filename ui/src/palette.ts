// The command palette (Ctrl/Cmd-K): one box that runs the window's commands and finds
// issues, stories, links and people across the library (the core's full-text search).

import { api } from "./ipc";
import type { SearchHit_Serialize as SearchHit } from "./ipc";
import { h } from "./dom";

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

const KIND_LABEL: Record<SearchHit["kind"], string> = { issue: "Issue", story: "Story", item: "Link", link: "Inbox" };

export function openPalette(opts: { commands: PaletteCommand[]; go: (hit: SearchHit) => void | Promise<void> }): void {
  if (document.querySelector("[data-testid=palette]")) return;
  type Entry = { label: string; detail?: HTMLElement | string; keys?: string; kind: string; run: () => void | Promise<void> };
  let entries: Entry[] = [];
  let active = 0;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const input = h("input", {
    type: "text", placeholder: "Type a command, or search issues, stories, links and people", "aria-label": "Command or search",
    role: "combobox", "aria-expanded": "true", "aria-controls": "palette-results", "aria-autocomplete": "list", "data-testid": "palette-input",
    autocomplete: "off", spellcheck: "false",
  });
  const results = h("ul", { id: "palette-results", role: "listbox", class: "palette-results", "data-testid": "palette-results" });
  const dialog = h("dialog", { class: "palette", "data-testid": "palette", "aria-label": "Command palette" }, input, results);

  const show = () => {
    results.replaceChildren(
      ...entries.map((e, i) =>
        h("li", {
          id: `palette-${i}`, role: "option", "aria-selected": String(i === active), class: i === active ? "active" : "",
          "data-testid": "palette-entry", "data-kind": e.kind,
          onmousemove: () => {
            if (active !== i) {
              active = i;
              show();
            }
          },
          onclick: () => void choose(i),
        },
          h("span", { class: "kind" }, e.kind === "command" ? "›" : KIND_LABEL[e.kind as SearchHit["kind"]] ?? e.kind),
          h("span", { class: "label" }, e.label, e.detail ? h("span", { class: "detail" }, e.detail) : null),
          e.keys ? h("kbd", {}, e.keys) : null,
        )),
    );
    if (!entries.length) results.append(h("li", { class: "none" }, input.value.trim() ? "Nothing found" : "No commands"));
    input.setAttribute("aria-activedescendant", entries.length ? `palette-${active}` : "");
    results.querySelector(".active")?.scrollIntoView({ block: "nearest" });
  };

  const commandEntries = (q: string): Entry[] =>
    matchCommands(q, opts.commands).map((c) => ({ label: c.label, keys: c.keys, kind: "command", run: c.run }));

  const hitEntry = (hit: SearchHit): Entry => {
    const detail = h("span", {}, ...snippetParts(hit.snippet).map((p) => (p.mark ? h("mark", {}, p.text) : p.text)));
    return { label: hit.title.trim() || "Untitled", detail, kind: hit.kind, run: () => opts.go(hit) };
  };

  const update = () => {
    const q = input.value;
    entries = commandEntries(q);
    active = 0;
    show();
    clearTimeout(timer);
    if (q.trim().length < 2) return;
    const mine = ++seq;
    timer = setTimeout(async () => {
      let hits: SearchHit[] = [];
      try {
        hits = await api.search(q);
      } catch {
        return; // a search that fails leaves the commands; the box stays usable
      }
      if (mine !== seq) return; // a later keystroke asked again
      entries = [...commandEntries(q), ...hits.map(hitEntry)];
      active = Math.min(active, Math.max(0, entries.length - 1));
      show();
    }, 120);
  };

  const choose = async (i: number) => {
    const e = entries[i];
    if (!e) return;
    dialog.close();
    await e.run();
  };

  input.addEventListener("input", update);
  input.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!entries.length) return;
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + entries.length) % entries.length;
      show();
    } else if (e.key === "Enter") {
      e.preventDefault();
      void choose(active);
    }
  });
  dialog.addEventListener("close", () => {
    clearTimeout(timer);
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  update();
  input.focus();
}

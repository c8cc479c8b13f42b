// Every command of the window, declared once in `commands.json`: its id, its label, its
// shortcut, and where the app menu shows it. The menu (src-tauri/menu.rs), the palette
// and the key handler are all built from that file, so a label or a shortcut cannot
// disagree between them.

import catalog from "./commands.json";

/** The ids the window knows how to run (App.svelte has a handler for each). */
export const COMMAND_IDS = [
  "palette", "new-issue", "add-story", "export", "history", "duplicate", "save",
  "inbox", "issues", "preview", "preview-web", "preview-email", "preview-text", "preview-markdown",
  "sidebar", "focus", "settings", "quit", "open-log-folder", "import-issue", "import-links", "feeds", "build-site", "backup", "restore", "insert-image",
  "undo", "redo", "cut", "copy", "paste", "select-all",
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export type Command = {
  id: CommandId;
  label: string;
  /** The shortcut as shown and as matched: `Ctrl+Shift+H` (Cmd on macOS). */
  keys?: string;
  /** Only offered while an issue is open. */
  needsIssue?: boolean;
  /** Left out of the palette (the palette itself, the Edit menu's items). */
  hidden?: boolean;
  /** The field's own key (Ctrl+Z in a field): shown, but left to the field, never taken. */
  fieldKey?: boolean;
  /** The app menu it stands in (File, Edit, View, Help); none: palette and keys only. */
  menu?: string;
};

/** The commands, in menu order (the separators left out). */
export const COMMANDS: readonly Command[] = (catalog as unknown as (Command | { separator: string })[]).filter(
  (c): c is Command => "id" in c,
);

type Chord = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean };

/** Whether a key press is the shortcut `keys` (`Ctrl+Shift+H`); Ctrl or Cmd both count as Ctrl. */
export function matchesKeys(keys: string, e: Chord): boolean {
  const parts = keys.split("+");
  // `Ctrl++` would name the plus key; no command uses it, so the last part is the key.
  const key = parts.pop()!.toLowerCase();
  const want = new Set(parts.map((p) => p.toLowerCase()));
  return (
    e.key.toLowerCase() === key &&
    (e.ctrlKey || e.metaKey) === want.has("ctrl") &&
    e.shiftKey === want.has("shift") &&
    e.altKey === want.has("alt")
  );
}

/** The command a key press asks for, or null. */
export function shortcutCommand(e: Chord): CommandId | null {
  return COMMANDS.find((c) => c.keys && !c.fieldKey && matchesKeys(c.keys, e))?.id ?? null;
}

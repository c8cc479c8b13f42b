// Every command of the window, declared once: its id (the app menu sends the same ids),
// its label, its shortcut. The palette, the key handler and the menu's check
// (tests/shell.rs) all read this list, so a label or a shortcut cannot disagree.

export type CommandId =
  | "palette" | "new-issue" | "add-story" | "export" | "history" | "duplicate" | "save"
  | "inbox" | "issues" | "preview" | "preview-web" | "preview-email" | "preview-text" | "preview-markdown"
  | "sidebar" | "focus" | "settings" | "quit" | "open-log-folder" | "import-issue" | "backup" | "restore"
  | "undo" | "redo" | "cut" | "copy" | "paste" | "select-all";

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
};

export const COMMANDS: readonly Command[] = [
  { id: "palette", label: "Find or run a command…", keys: "Ctrl+K", hidden: true },
  { id: "new-issue", label: "New issue", keys: "Ctrl+N" },
  { id: "add-story", label: "Add a story", keys: "Ctrl+Shift+S", needsIssue: true },
  { id: "export", label: "Export, check and send a test…", keys: "Ctrl+E", needsIssue: true },
  { id: "history", label: "History of this issue…", keys: "Ctrl+Shift+H", needsIssue: true },
  { id: "duplicate", label: "Duplicate this issue", needsIssue: true },
  { id: "save", label: "Save now", keys: "Ctrl+S" },
  { id: "inbox", label: "Show the link inbox", keys: "Ctrl+Shift+L" },
  { id: "issues", label: "Show the issues" },
  { id: "preview", label: "Show or hide the preview", keys: "Ctrl+P" },
  { id: "preview-web", label: "Preview as a web page" },
  { id: "preview-email", label: "Preview as an email" },
  { id: "preview-text", label: "Preview as plain text" },
  { id: "preview-markdown", label: "Preview as Markdown" },
  { id: "sidebar", label: "Show or hide the library", keys: "Ctrl+\\" },
  { id: "focus", label: "Focus mode", keys: "Ctrl+Shift+F" },
  { id: "settings", label: "Settings…", keys: "Ctrl+," },
  { id: "import-issue", label: "Import an issue file…" },
  { id: "backup", label: "Back up the library…" },
  { id: "restore", label: "Restore the library from a backup…" },
  { id: "open-log-folder", label: "Open the log folder" },
  { id: "quit", label: "Quit Masthead", keys: "Ctrl+Q" },
  { id: "undo", label: "Undo", keys: "Ctrl+Z", hidden: true, fieldKey: true },
  { id: "redo", label: "Redo", keys: "Ctrl+Shift+Z", hidden: true, fieldKey: true },
  { id: "cut", label: "Cut", keys: "Ctrl+X", hidden: true, fieldKey: true },
  { id: "copy", label: "Copy", keys: "Ctrl+C", hidden: true, fieldKey: true },
  { id: "paste", label: "Paste", keys: "Ctrl+V", hidden: true, fieldKey: true },
  { id: "select-all", label: "Select all", keys: "Ctrl+A", hidden: true, fieldKey: true },
];

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

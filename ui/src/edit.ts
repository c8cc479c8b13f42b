// The Edit menu's actions on whatever field has the caret: a Markdown editor's own undo
// history and selection, or the browser's editing commands for plain fields.

import { redo, selectAll, undo } from "@codemirror/commands";
import { EditorView } from "@codemirror/view";

export type EditAction = "undo" | "redo" | "cut" | "copy" | "paste" | "select-all";

/** Runs `action` on the focused field; false when no field has the caret. */
export function editFocused(action: EditAction): boolean {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return false;
  const view = el.closest(".cm-editor") ? EditorView.findFromDOM(el.closest(".cm-editor") as HTMLElement) : null;
  if (view && (action === "undo" || action === "redo" || action === "select-all")) {
    return ({ undo, redo, "select-all": selectAll } as const)[action](view);
  }
  // WebKitGTK lets the page reach the clipboard (the shell turns that setting on).
  return document.execCommand(action === "select-all" ? "selectAll" : action);
}

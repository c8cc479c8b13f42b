// The Markdown editor of every long field (story body, takeaway, summary, details, the
// issue's intro and closing): CodeMirror 6 with Markdown highlighting, undo and redo, and
// the formatting shortcuts authors know (bold, italic, link, headings).

import { EditorSelection, EditorState, type StateCommand } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { tags } from "@lezer/highlight";

/** Wraps each selection in `marker` (`**` bold, `_` italic), or unwraps it when already wrapped. */
export function toggleWrap(marker: string): StateCommand {
  return ({ state, dispatch }) => {
    const n = marker.length;
    const tr = state.changeByRange((range) => {
      const before = state.sliceDoc(range.from - n, range.from);
      const after = state.sliceDoc(range.to, range.to + n);
      if (before === marker && after === marker) {
        return {
          changes: [{ from: range.from - n, to: range.from }, { from: range.to, to: range.to + n }],
          range: EditorSelection.range(range.anchor - n, range.head - n),
        };
      }
      const inner = state.sliceDoc(range.from, range.to);
      if (inner.length >= 2 * n && inner.startsWith(marker) && inner.endsWith(marker)) {
        return {
          changes: { from: range.from, to: range.to, insert: inner.slice(n, inner.length - n) },
          range: EditorSelection.range(range.from, range.to - 2 * n),
        };
      }
      return {
        changes: [{ from: range.from, insert: marker }, { from: range.to, insert: marker }],
        range: EditorSelection.range(range.from + n, range.to + n),
      };
    });
    dispatch(state.update(tr, { scrollIntoView: true, userEvent: "input.format" }));
    return true;
  };
}

/**
 * Makes the selection a link: selected text becomes `[text](https://)` with the address
 * selected to type over; a selected address becomes `[](address)` with the caret in the
 * brackets.
 */
export const insertLink: StateCommand = ({ state, dispatch }) => {
  const tr = state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    if (/^https?:\/\/\S+$/i.test(text)) {
      const insert = `[](${text})`;
      return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + 1) };
    }
    const insert = `[${text}](https://)`;
    const urlFrom = range.from + text.length + 3;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.range(urlFrom, urlFrom + 8) };
  });
  dispatch(state.update(tr, { scrollIntoView: true, userEvent: "input.format" }));
  return true;
};

/** Makes the selected lines headings of `level` (`### `), or plain text when they already are. */
export function toggleHeading(level: number): StateCommand {
  return ({ state, dispatch }) => {
    const prefix = "#".repeat(level) + " ";
    const changes = [];
    const seen = new Set<number>();
    for (const range of state.selection.ranges) {
      for (let pos = range.from; pos <= range.to; ) {
        const line = state.doc.lineAt(pos);
        if (!seen.has(line.number)) {
          seen.add(line.number);
          const existing = /^#{1,6} /.exec(line.text)?.[0] ?? "";
          changes.push({ from: line.from, to: line.from + existing.length, insert: existing === prefix ? "" : prefix });
        }
        pos = line.to + 1;
      }
    }
    dispatch(state.update({ changes, scrollIntoView: true, userEvent: "input.format" }));
    return true;
  };
}

/** The shortcuts, shown in each editor's tooltip. Ctrl+K stays the command palette. */
export const FORMAT_KEYS = "Ctrl+B bold · Ctrl+I italic · Ctrl+L link · Ctrl+Alt+1…3 heading · Ctrl+Z undo · Ctrl+Shift+Z redo";

const formatKeymap = [
  { key: "Mod-b", run: toggleWrap("**") },
  { key: "Mod-i", run: toggleWrap("_") },
  { key: "Mod-l", run: insertLink },
  { key: "Mod-Alt-1", run: toggleHeading(1) },
  { key: "Mod-Alt-2", run: toggleHeading(2) },
  { key: "Mod-Alt-3", run: toggleHeading(3) },
];

const highlight = HighlightStyle.define([
  { tag: tags.heading, fontWeight: "700", color: "var(--accent)" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: tags.link, color: "var(--focus)" },
  { tag: tags.url, color: "var(--muted)", textDecoration: "underline" },
  { tag: tags.quote, fontStyle: "italic", color: "var(--muted)" },
  { tag: tags.monospace, color: "var(--danger)" },
  { tag: [tags.processingInstruction, tags.contentSeparator], color: "var(--muted)" },
]);

const look = EditorView.theme({
  "&": { border: "1px solid var(--line)", borderRadius: "6px", background: "var(--panel)", color: "var(--ink)" },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "1px" },
  ".cm-content": {
    fontFamily: 'ui-monospace, "SF Mono", "DejaVu Sans Mono", Menlo, monospace',
    fontSize: "14px",
    lineHeight: "1.55",
    padding: "7px 0",
    caretColor: "var(--ink)",
  },
  ".cm-line": { padding: "0 9px" },
  ".cm-placeholder": { color: "var(--muted)" },
  ".cm-scroller": { overflow: "auto", maxHeight: "70vh" },
});

export type MarkdownEditor = { el: HTMLElement; view: EditorView; testid: string };

/**
 * A Markdown editor for one field. `onChange` gets the whole text after each edit. The
 * editable element carries `data-testid` and a read-only `value` (its text), as the
 * textareas it replaces did.
 */
export function markdownEditor(opts: {
  doc: string;
  label: string;
  testid: string;
  placeholder: string;
  rows: number;
  onChange: (text: string) => void;
}): MarkdownEditor {
  const view = new EditorView({
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        history(),
        keymap.of([...formatKeymap, ...defaultKeymap, ...historyKeymap]),
        markdown({ base: markdownLanguage }),
        syntaxHighlighting(highlight),
        EditorView.lineWrapping,
        placeholderExt(opts.placeholder),
        look,
        EditorView.theme({ ".cm-content": { minHeight: `${(opts.rows * 1.55).toFixed(2)}em` } }),
        EditorView.contentAttributes.of({
          "aria-label": opts.label, "data-testid": opts.testid, spellcheck: "true", autocorrect: "on", title: FORMAT_KEYS,
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  Object.defineProperty(view.contentDOM, "value", { get: () => view.state.doc.toString() });
  return { el: view.dom, view, testid: opts.testid };
}

// The Markdown editor of every long field (story body, takeaway, summary, details, the
// issue's intro and closing): CodeMirror 6 with Markdown highlighting, undo and redo, and
// the formatting shortcuts authors know (bold, italic, link, headings).

import { EditorSelection, EditorState, Prec, type StateCommand } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, LanguageSupport, syntaxHighlighting } from "@codemirror/language";
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from "@codemirror/lang-markdown";
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

/** The shortcuts, read out with each editor (never a tooltip over the text). Ctrl+K stays the command palette. */
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

const base = EditorView.theme({
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

/**
 * Enter on an empty top-level list item ends the list with a blank line after it, so the
 * next paragraph is not read as part of the last item (Markdown's lazy continuation).
 * Nested items and everything else go to lang-markdown's own list continuation.
 */
export const endListOnEmptyItem: StateCommand = ({ state, dispatch }) => {
  const range = state.selection.main;
  if (state.selection.ranges.length !== 1 || !range.empty) return false;
  const line = state.doc.lineAt(range.head);
  if (range.head !== line.to || !/^([-*+]|\d{1,9}[.)])[ \t]*$/.test(line.text) || line.number === 1) return false;
  const above = state.doc.line(line.number - 1).text;
  if (!/^([-*+]|\d{1,9}[.)])\s/.test(above) && !/^\s+\S/.test(above)) return false; // not the end of a list
  dispatch(state.update({
    changes: { from: line.from, to: line.to, insert: state.lineBreak },
    selection: EditorSelection.cursor(line.from + state.lineBreak.length),
    scrollIntoView: true,
    userEvent: "input",
  }));
  return true;
};

/** What a Markdown field shows beside its text: its name, test id, placeholder, height. */
export type FieldLook = { label: string; testid: string; placeholder: string; rows: number };

/**
 * A new editor state for one field: highlighting, undo history, list continuation and the
 * formatting keys. The state holds no callback, so a kept state can be shown again by a
 * new view (a story opened again keeps its undo history).
 */
export function createEditorState(doc: string, look: FieldLook): EditorState {
  return EditorState.create({
    doc,
    extensions: [
      history(),
      Prec.highest(keymap.of([{ key: "Enter", run: endListOnEmptyItem }])),
      keymap.of([...formatKeymap, ...defaultKeymap, ...historyKeymap]),
      // GitHub-flavoured Markdown with list continuation and URL-over-selection links. Not
      // `markdown()`: that also bundles the HTML, CSS and JavaScript grammars (about 90 KB)
      // to colour raw HTML inside Markdown, which newsletters do not use.
      new LanguageSupport(markdownLanguage, [pasteURLAsLink, Prec.high(keymap.of(markdownKeymap))]),
      syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      placeholderExt(look.placeholder),
      base,
      EditorView.theme({ ".cm-content": { minHeight: `${(look.rows * 1.55).toFixed(2)}em` } }),
      EditorView.contentAttributes.of({
        "aria-label": look.label, "data-testid": look.testid, spellcheck: "true", autocorrect: "on",
        "aria-describedby": "format-keys",
      }),
    ],
  });
}

/** Replaces the whole text of `state` (a version restored, a change made elsewhere), keeping its history. */
export function withText(state: EditorState, text: string): EditorState {
  if (state.doc.toString() === text) return state;
  return state.update({ changes: { from: 0, to: state.doc.length, insert: text }, userEvent: "set" }).state;
}

/**
 * Editor states kept while the app runs, by field (`story:12:body`, `issue:3:intro`):
 * undo history, selection and scroll survive switching stories, hiding panes and focus
 * mode, because a view that goes away leaves its state here for the next one.
 */
export class EditorStates {
  private kept = new Map<string, { state: EditorState; scroll: number }>();

  /** The state to show for `key` holding `text`: the kept one (brought up to `text`), or a new one. */
  take(key: string, text: string, look: FieldLook): { state: EditorState; scroll: number } {
    const kept = this.kept.get(key);
    if (!kept) return { state: createEditorState(text, look), scroll: 0 };
    return { state: withText(kept.state, text), scroll: kept.scroll };
  }

  keep(key: string, state: EditorState, scroll: number): void {
    this.kept.set(key, { state, scroll });
  }

  has(key: string): boolean {
    return this.kept.has(key);
  }
}

export const editorStates = new EditorStates();

/** The Markdown field the author was last in, where Insert image… puts the image. */
let lastView: EditorView | null = null;

/** Notes that `view` has the author's attention (it was focused). */
export function noteEditor(view: EditorView): void {
  lastView = view;
}

/** Forgets `view` when it goes away. */
export function forgetEditor(view: EditorView): void {
  if (lastView === view) lastView = null;
}

/**
 * Puts `block` (an image's Markdown) in its own paragraph at `at`, else at the selection,
 * as one undoable edit; false when no field is there to take it.
 */
export function insertBlock(block: string, view: EditorView | null = lastView, at?: number | null): boolean {
  if (!view || !view.dom.isConnected) return false;
  const { state } = view;
  const from = at ?? state.selection.main.from;
  const to = at ?? state.selection.main.to;
  const before = state.sliceDoc(Math.max(0, from - 2), from);
  const lead = from === 0 || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const insert = `${lead}${block}\n\n`;
  view.dispatch({
    changes: { from, to, insert },
    selection: EditorSelection.cursor(from + insert.length),
    scrollIntoView: true,
    userEvent: "input.paste",
  });
  view.focus();
  return true;
}

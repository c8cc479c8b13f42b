import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState, type StateCommand } from "@codemirror/state";
import { undo, undoDepth } from "@codemirror/commands";
import { insertNewlineContinueMarkup } from "@codemirror/lang-markdown";
import { createEditorState, EditorStates, endListOnEmptyItem, insertLink, toggleHeading, toggleWrap, withText } from "../src/editor";

/** Runs a command on `doc` with the selection marked by `«` and `»` (or a caret `|`). */
function run(command: StateCommand, marked: string): string {
  const caret = marked.indexOf("|");
  const from = caret >= 0 ? caret : marked.indexOf("«");
  const doc = caret >= 0 ? marked.replace("|", "") : marked.replace("«", "").replace("»", "");
  const to = caret >= 0 ? caret : marked.indexOf("»") - 1;
  let state = EditorState.create({ doc, selection: EditorSelection.range(from, to) });
  command({ state, dispatch: (tr) => (state = tr.state) });
  const { from: a, to: b } = state.selection.main;
  const text = state.doc.toString();
  return a === b ? text.slice(0, a) + "|" + text.slice(a) : text.slice(0, a) + "«" + text.slice(a, b) + "»" + text.slice(b);
}

describe("bold and italic", () => {
  it("wraps the selection and keeps it selected", () => {
    expect(run(toggleWrap("**"), "a «word» here")).toBe("a **«word»** here");
    expect(run(toggleWrap("_"), "a «word» here")).toBe("a _«word»_ here");
  });
  it("unwraps what is already wrapped, inside or around the selection", () => {
    expect(run(toggleWrap("**"), "a **«word»** here")).toBe("a «word» here");
    expect(run(toggleWrap("**"), "a «**word**» here")).toBe("a «word» here");
  });
  it("puts the caret between a new pair when nothing is selected", () => {
    expect(run(toggleWrap("**"), "a | here")).toBe("a **|** here");
  });
});

describe("links", () => {
  it("turns text into a link with the address selected to type over", () => {
    expect(run(insertLink, "see «the report» now")).toBe("see [the report](«https://») now");
  });
  it("turns an address into a link with the caret in the brackets", () => {
    expect(run(insertLink, "see «https://example.org/a» now")).toBe("see [|](https://example.org/a) now");
  });
});

describe("headings", () => {
  it("adds, changes and removes a heading prefix", () => {
    expect(run(toggleHeading(3), "Sub|title")).toBe("### Sub|title");
    expect(run(toggleHeading(2), "### Sub|title")).toBe("## Sub|title");
    expect(run(toggleHeading(3), "### Sub|title")).toBe("Sub|title");
  });
});

describe("ending a list", () => {
  it("leaves a blank line after the list when Enter meets an empty item", () => {
    expect(run(endListOnEmptyItem, "- one\n- two\n- |")).toBe("- one\n- two\n\n|");
    expect(run(endListOnEmptyItem, "1. one\n2. |")).toBe("1. one\n\n|");
  });
  it("leaves Enter to the list continuation elsewhere", () => {
    let state = EditorState.create({ doc: "- one", selection: EditorSelection.cursor(5) });
    expect(endListOnEmptyItem({ state, dispatch: (tr) => (state = tr.state) })).toBe(false);
    state = EditorState.create({ doc: "-", selection: EditorSelection.cursor(1) });
    expect(endListOnEmptyItem({ state, dispatch: (tr) => (state = tr.state) })).toBe(false); // not after a list
  });
  it("continues a list and ends it in a real editor state", () => {
    const look = { label: "Body", testid: "story-body", placeholder: "", rows: 3 };
    let state = createEditorState("- one", look);
    state = state.update({ selection: EditorSelection.cursor(5) }).state;
    // Enter on a filled item: lang-markdown continues the list; on the empty one, it ends.
    expect(endListOnEmptyItem({ state, dispatch: (tr) => (state = tr.state) })).toBe(false);
    insertNewlineContinueMarkup({ state, dispatch: (tr) => (state = tr.state) });
    expect(state.doc.toString()).toBe("- one\n- ");
    expect(endListOnEmptyItem({ state, dispatch: (tr) => (state = tr.state) })).toBe(true);
    expect(state.doc.toString()).toBe("- one\n\n");
  });
});

describe("kept editor states", () => {
  const look = { label: "Body", testid: "story-body", placeholder: "", rows: 3 };
  it("gives back the same state, undo history included, for the same field", () => {
    const kept = new EditorStates();
    let { state } = kept.take("story:1:body", "Draft", look);
    state = state.update({ changes: { from: 5, insert: " one" } }).state;
    kept.keep("story:1:body", state, 40);
    const again = kept.take("story:1:body", "Draft one", look);
    expect(again.scroll).toBe(40);
    expect(undoDepth(again.state)).toBe(1);
    let undone = again.state;
    undo({ state: undone, dispatch: (tr) => (undone = tr.state) });
    expect(undone.doc.toString()).toBe("Draft");
  });
  it("takes a text changed elsewhere (a restored version) without losing the history", () => {
    const kept = new EditorStates();
    let { state } = kept.take("issue:1:intro", "a", look);
    state = state.update({ changes: { from: 1, insert: "b" } }).state;
    kept.keep("issue:1:intro", state, 0);
    const again = kept.take("issue:1:intro", "restored", look).state;
    expect(again.doc.toString()).toBe("restored");
    expect(undoDepth(again)).toBe(2);
    expect(withText(again, "restored")).toBe(again);
  });
});

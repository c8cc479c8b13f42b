import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState, type StateCommand } from "@codemirror/state";
import { insertLink, toggleHeading, toggleWrap } from "../src/editor";

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

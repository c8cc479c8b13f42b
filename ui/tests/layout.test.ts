import { describe, expect, it } from "vitest";
import { clampWidth, EDITOR_MIN, fitPanes } from "../src/layout";

describe("clampWidth", () => {
  it("keeps panes within usable widths", () => {
    expect(clampWidth("sidebar", 10)).toBe(200);
    expect(clampWidth("sidebar", 300.4)).toBe(300);
    expect(clampWidth("preview", 5000)).toBe(1100);
  });
});

describe("fitPanes", () => {
  const both = { sidebar: true, preview: true };
  it("leaves the defaults alone at 1280 px, with the editor over 600 px", () => {
    const fit = fitPanes(1280, { sidebar: 248, preview: 376 }, both);
    expect(fit).toEqual({ sidebar: 248, preview: 376 });
    expect(1280 - fit.sidebar - fit.preview - 10).toBeGreaterThanOrEqual(EDITOR_MIN);
  });
  it("narrows a preview saved on a wider screen first, then the library", () => {
    expect(fitPanes(1280, { sidebar: 300, preview: 900 }, both)).toEqual({ sidebar: 300, preview: 330 });
    expect(fitPanes(1000, { sidebar: 300, preview: 900 }, both)).toEqual({ sidebar: 200, preview: 300 });
  });
  it("gives a hidden pane's room to the others", () => {
    expect(fitPanes(1280, { sidebar: 300, preview: 900 }, { sidebar: false, preview: true }).preview).toBe(613);
  });
});

// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"enableIframePageLoading": true}}
// The dialogs (Settings, History, Export) and the preview pane as components, against a
// recording stand-in for the Tauri IPC: what each one shows from the core's answers, what
// it sends when the author acts, and what it says when the core refuses.
//
// happy-dom has `HTMLDialogElement.showModal` and closes a `<form method="dialog">` on
// submit, so the `modal` attachment and `ask()` run as they are; nothing is stubbed but
// the core. Iframe loading is enabled above only so the preview's frame can load its
// initial about:blank (happy-dom logs an error for it otherwise); nothing is fetched.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { flushSync } from "svelte";
import type {
  IssueDoc_Deserialize as IssueDoc,
  Preview_Serialize as Preview,
  Publication_Serialize as Publication,
  Report_Serialize as Report,
  RevisionSummary,
  SizeReport,
  SmtpSettings,
  Spelling_Serialize as Spelling,
  Tagging_Serialize as Tagging,
  ThemeError_Serialize as ThemeError,
} from "../src/ipc";
import { PreviewState } from "../src/stores/preview.svelte";
import { revisionTime } from "../src/state";
import SettingsDialog from "../src/components/SettingsDialog.svelte";
import PreviewPane from "../src/components/PreviewPane.svelte";
import HistoryDialog from "../src/components/HistoryDialog.svelte";
import ExportDialog from "../src/components/ExportDialog.svelte";
import PublishSection from "../src/components/PublishSection.svelte";

/** Every command the components sent to the core: [name, arguments]. */
let calls: [string, Record<string, unknown>][] = [];
/** What the stand-in core answers, by command (null otherwise). */
let reply: Record<string, (args: Record<string, unknown>) => unknown> = {};

beforeEach(() => {
  calls = [];
  // Lists the core always answers (empty in a new library).
  reply = { targets_list: () => [], issue_publishes: () => [] };
  localStorage.clear(); // the preview's format and the last folder are kept there
  (window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ = {
    invoke: async (cmd: string, args: Record<string, unknown>) => {
      calls.push([cmd, args]);
      return reply[cmd]?.(args) ?? null;
    },
    transformCallback: () => 0,
  };
});
afterEach(() => {
  cleanup();
  document.body.replaceChildren();
});

/** A refusal from the core: thrown by the IPC as its error payload (see `typedError`). */
const refuse = (message: string, kind = "invalid") => () => {
  throw { kind, message };
};

/** The commands sent with this name, their arguments only. */
const sent = (cmd: string) => calls.filter(([c]) => c === cmd).map(([, args]) => args);

/** Lets the stand-in core's answers arrive and the components redraw. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

/** Types into a field as the author would: its value, then the input event. */
async function typeInto(el: HTMLElement, value: string): Promise<void> {
  (el as HTMLInputElement).value = value;
  await fireEvent.input(el);
}

/**
 * Chooses an option of a select, as the author would. happy-dom's `:checked` matches
 * inputs only, never the selected `<option>`, and Svelte's `bind:value` on a select reads
 * the choice through `:checked`, falling back to the first option not disabled; so the
 * other options are disabled for the moment of the change event (a test-side workaround,
 * needed by the export dialog's theme; the change handlers that read `select.value` do
 * not depend on it).
 */
async function choose(el: HTMLElement, value: string): Promise<void> {
  const select = el as HTMLSelectElement;
  select.value = value;
  const others = Array.from(select.options).filter((o) => o.value !== value && !o.disabled);
  for (const o of others) o.disabled = true;
  try {
    await fireEvent.change(select);
  } finally {
    for (const o of others) o.disabled = false;
  }
}

const field = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;
const text = (testid: string) => screen.getByTestId(testid).textContent;

// ---------------------------------------------------------------------------------------
// Settings

const publication = (): Publication => ({
  id: 1, name: "The Weekly", cadence: "", footer_order: "", tagline: "What happened", author: "Sam", sign_off: "— Sam", footer: "",
  default_theme: "weekly", sender: "Sam <sam@example.org>", postal_address: "", unsubscribe_url: "", words_per_minute: 265, typography: "typographic", image_base_url: "", site_url: "",
});
const smtp = (): SmtpSettings => ({ host: "smtp.example.org", port: 587, tls: "starttls", user: "sam" });
const tagging = (): Tagging => ({ enabled: true, source: "", medium: "email", campaign: "issue-{number}", exclude: ["example.com", "partner.org"] });
const spelling = (over: Partial<Spelling> = {}): Spelling => ({
  chosen: "", system: "en_US", installed: ["en_GB", "de_DE"], from_environment: null, by_system: false, ...over,
});

/** Opens Settings with the core holding the fixtures above; resolves once they are shown. */
async function openSettings(spell: Partial<Spelling> = {}) {
  reply.list_publications = () => [publication()];
  reply.get_publication = publication;
  reply.get_smtp = smtp;
  reply.get_tagging = tagging;
  reply.get_spelling = () => spelling(spell);
  const seen = { saved: 0, closed: 0 };
  render(SettingsDialog, { close: () => seen.closed++, saved: () => seen.saved++, publicationId: 1, themes: [["weekly", "Weekly"], ["digest", "Digest"]] });
  await settle();
  return seen;
}

describe("the settings dialog", () => {
  it("opens as a modal and shows the settings the core holds", async () => {
    await openSettings();
    expect((screen.getByTestId("settings-dialog") as HTMLDialogElement).open).toBe(true);
    expect(field("setting-publication.name").value).toBe("The Weekly");
    expect(field("setting-publication.sender").value).toBe("Sam <sam@example.org>");
    expect(field("setting-publication.words_per_minute").value).toBe("265");
    expect(field("setting-smtp.host").value).toBe("smtp.example.org");
    expect(field("setting-smtp.port").value).toBe("587");
    expect(field("setting-smtp.tls").value).toBe("starttls");
    expect(field("setting-links.utm").checked).toBe(true);
    expect(field("setting-links.utm_campaign").value).toBe("issue-{number}");
    expect(field("setting-links.utm_exclude").value).toBe("example.com, partner.org");
    expect(field("setting-editor.spelling").value).toBe("");
    expect(text("settings-result")).toBe("");
  });

  it("says so when the settings cannot be read, and offers no Save", async () => {
    reply.list_publications = () => [publication()];
    reply.get_publication = refuse("The library is locked by another process", "busy");
    reply.get_smtp = smtp;
    reply.get_tagging = tagging;
    reply.get_spelling = () => spelling();
    render(SettingsDialog, { close: () => {}, saved: () => {}, publicationId: 1, themes: [["weekly", "Weekly"], ["digest", "Digest"]] });
    await settle();
    expect(screen.getByTestId("settings-dialog").textContent).toContain("Could not read the settings: The library is locked by another process");
    expect(screen.queryByTestId("settings-save")).toBeNull();
  });

  it("saves what was typed, says Saved and tells the window", async () => {
    const seen = await openSettings();
    await typeInto(field("setting-publication.name"), "The Monthly");
    await typeInto(field("setting-publication.words_per_minute"), "300");
    await typeInto(field("setting-smtp.host"), "mail.example.org");
    await choose(field("setting-smtp.tls"), "tls");
    await typeInto(field("setting-links.utm_exclude"), "example.com,  ,news.example.net ");
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();

    expect(sent("set_publication")).toEqual([{ publication: { ...publication(), name: "The Monthly", words_per_minute: 300 } }]);
    expect(sent("set_smtp")).toEqual([{ publication: 1, smtp: { ...smtp(), host: "mail.example.org", tls: "tls" }, password: null }]);
    expect(sent("set_tagging")).toEqual([{ publication: 1, tagging: { ...tagging(), exclude: ["example.com", "news.example.net"] } }]);
    expect(sent("set_spelling")).toEqual([]); // the choice did not change
    expect(text("settings-result")).toBe("Saved");
    expect(seen.saved).toBe(1);
  });

  it("sends a typed password once, then forgets it", async () => {
    await openSettings();
    await typeInto(field("setting-smtp.password"), "hunter2");
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();
    expect(sent("set_smtp")[0].password).toBe("hunter2");
    expect(field("setting-smtp.password").value).toBe("");
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();
    expect(sent("set_smtp")[1].password).toBeNull(); // blank keeps the one in the keychain
  });

  it("says what the core refused, in its words, and saves nothing after it", async () => {
    reply.set_publication = refuse("A reading speed is between 100 and 1,000 words a minute");
    const seen = await openSettings();
    await typeInto(field("setting-publication.words_per_minute"), "5");
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();

    expect(sent("set_publication")).toEqual([{ publication: { ...publication(), words_per_minute: 5 } }]);
    expect(text("settings-result")).toBe("Not saved: A reading speed is between 100 and 1,000 words a minute");
    expect(seen.saved).toBe(0);
    expect(sent("set_smtp")).toEqual([]);
    expect(sent("set_tagging")).toEqual([]);
    // What was typed is still there, to be corrected.
    expect(field("setting-publication.words_per_minute").value).toBe("5");
  });

  it("offers the system's language, each installed dictionary and Off", async () => {
    await openSettings();
    const options = Array.from((field("setting-editor.spelling") as unknown as HTMLSelectElement).options);
    expect(options.map((o) => o.value)).toEqual(["", "en_GB", "de_DE", "off"]);
    expect(options[0].textContent).toMatch(/^System language: .*en_US/);
    expect(options[1].textContent).toContain("en_GB");
    expect(options[2].textContent).toContain("de_DE");
    expect(options[3].textContent).toBe("Off: no spell checking");
  });

  it("names a chosen dictionary that is no longer installed", async () => {
    await openSettings({ chosen: "fr_FR", installed: ["en_GB"] });
    const select = field("setting-editor.spelling") as unknown as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(["", "en_GB", "fr_FR", "off"]);
    expect(select.value).toBe("fr_FR");
    expect(select.options[2].textContent).toMatch(/fr_FR.*, not installed$/);
  });

  it("sends the spelling choice only when it changed", async () => {
    await openSettings();
    await choose(field("setting-editor.spelling"), "de_DE");
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();
    expect(sent("set_spelling")).toEqual([{ language: "de_DE" }]);
    expect(text("settings-result")).toBe("Saved");

    // Saved again without touching it: the core already has it.
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();
    expect(sent("set_spelling")).toEqual([{ language: "de_DE" }]);
    expect(sent("set_publication")).toHaveLength(2);
  });

  it("leaves spelling to the system where the system checks it", async () => {
    await openSettings({ by_system: true, installed: [] });
    expect(screen.queryByTestId("setting-editor.spelling")).toBeNull();
    expect(screen.getByTestId("settings-dialog").textContent).toContain("Spelling is checked by the system");
  });

  it("closes on Close", async () => {
    const seen = await openSettings();
    await fireEvent.click(screen.getByTestId("settings-dialog-close"));
    expect(seen.closed).toBe(1);
    expect(calls.filter(([c]) => c.startsWith("set_"))).toEqual([]);
  });

  it("asks before Close or Escape drops what was typed, and keeps it on Cancel", async () => {
    const seen = await openSettings();
    await typeInto(field("setting-publication.name"), "Lighthouse Weekly");
    await fireEvent.click(screen.getByTestId("settings-dialog-close"));
    await settle();
    expect(screen.getByTestId("dialog").textContent).toContain("Discard your changes to Settings?");
    await fireEvent.click(screen.getByTestId("dialog-cancel"));
    await settle();
    expect(seen.closed).toBe(0);
    expect(field("setting-publication.name").value).toBe("Lighthouse Weekly");

    // Escape: the dialog's cancel event asks the same.
    await fireEvent(screen.getByTestId("settings-dialog"), new Event("cancel", { cancelable: true }));
    await settle();
    await fireEvent.click(screen.getByTestId("dialog-confirm"));
    await settle();
    expect(seen.closed).toBe(1);
    expect(calls.filter(([c]) => c.startsWith("set_"))).toEqual([]);
  });

  it("closes without asking once the changes are saved", async () => {
    const seen = await openSettings();
    await typeInto(field("setting-publication.name"), "Lighthouse Weekly");
    await fireEvent.click(screen.getByTestId("settings-save"));
    await settle();
    await fireEvent.click(screen.getByTestId("settings-dialog-close"));
    expect(seen.closed).toBe(1);
    expect(screen.queryByTestId("dialog")).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// The preview pane

const doc: IssueDoc = {
  issue: {
    id: 1, publication_id: 1, number: 7, title: "Week seven", subtitle: "", date: "2026-11-27", status: "draft", theme: "weekly",
    intro: "", closing: "", preheader: "", created_at: "", updated_at: "",
  },
  stories: [{ id: 1, issue_id: 1, ordinal: 1, items: [], updated_at: "", headline: "Alpha", body: "Body of Alpha" }],
};

const rendered = (summary: string, theme_errors: ThemeError[] = []): Preview => ({
  html: `<!doctype html><html><head></head><body><p>${summary}</p></body></html>`,
  format: "web", theme: "weekly", width: null, words: 3, minutes: 1, bytes: 120, summary, theme_errors,
});

const size = (summary: string): SizeReport => ({ bytes: 42_188, limit: 102_000, level: "ok", stories: [], summary, images: 0, image_bytes: 0 });

const formatButton = (value: string) => within(screen.getByTestId("preview-format")).getByRole("button", { name: value });

describe("the preview pane", () => {
  it("renders as email when Email is pressed, and marks it pressed", async () => {
    reply.preview_issue = ({ request }) => rendered(`Rendered as ${(request as { format: string }).format}`);
    reply.email_size = () => size("41.2 KB of 102 KB");
    const preview = new PreviewState(() => doc);
    render(PreviewPane, { preview });
    expect(formatButton("Web").getAttribute("aria-pressed")).toBe("true");

    await fireEvent.click(formatButton("Email"));
    await settle();
    expect(sent("preview_issue")).toEqual([{ doc, request: { format: "email", viewport: "desktop", appearance: "auto", theme: null } }]);
    expect(formatButton("Email").getAttribute("aria-pressed")).toBe("true");
    expect(formatButton("Web").getAttribute("aria-pressed")).toBe("false");
    // The email's size against Gmail's clipping is asked for and shown beside the summary.
    expect(sent("email_size")).toEqual([{ doc, theme: null }]);
    expect(text("preview-status")).toBe("Rendered as email · email 41.2 KB of 102 KB");
  });

  it("shows the core's summary of the render in the status line", async () => {
    reply.preview_issue = () => rendered("3 words · ~1 min read · 0.1 KB · weekly");
    const preview = new PreviewState(() => doc);
    render(PreviewPane, { preview });
    expect(text("preview-status")).toBe("");
    await preview.refresh();
    flushSync();
    expect(text("preview-status")).toBe("3 words · ~1 min read · 0.1 KB · weekly");
    expect(screen.queryByTestId("preview-problem")).toBeNull();
    expect(sent("email_size")).toEqual([]); // only the email is measured
  });

  it("names a failed render in the core's words and keeps the last good one", async () => {
    reply.preview_issue = () => rendered("3 words · ~1 min read · 0.1 KB · weekly");
    const preview = new PreviewState(() => doc);
    render(PreviewPane, { preview });
    await preview.refresh();
    flushSync();

    reply.preview_issue = refuse("The theme “weekly” has no text template", "theme");
    await fireEvent.click(formatButton("Text"));
    await settle();
    expect(sent("preview_issue").map((a) => (a.request as { format: string }).format)).toEqual(["web", "text"]);
    expect(text("preview-problem")).toBe("The theme “weekly” has no text template");
    expect(text("preview-status")).toBe("3 words · ~1 min read · 0.1 KB · weekly");

    // The next good render clears the problem.
    reply.preview_issue = () => rendered("3 words · ~1 min read · 0.1 KB · weekly · text");
    await fireEvent.click(formatButton("Markdown"));
    await settle();
    expect(screen.queryByTestId("preview-problem")).toBeNull();
    expect(text("preview-status")).toBe("3 words · ~1 min read · 0.1 KB · weekly · text");
  });

  it("names a broken theme with its file and line", async () => {
    reply.preview_issue = () =>
      rendered("3 words · ~1 min read · 0.1 KB · weekly", [{ theme: "weekly", file: "story.html", line: 12, column: 5, message: "unexpected end of block" }]);
    const preview = new PreviewState(() => doc);
    render(PreviewPane, { preview });
    await preview.refresh();
    flushSync();
    expect(text("preview-problem")).toBe("Theme “weekly”, story.html line 12, column 5: unexpected end of block. Showing its last good version.");
    expect(text("preview-status")).toBe("3 words · ~1 min read · 0.1 KB · weekly");
  });

  it("sends the width and appearance chosen, and remembers them for the next run", async () => {
    reply.preview_issue = () => rendered("3 words");
    const preview = new PreviewState(() => doc);
    render(PreviewPane, { preview });
    await fireEvent.click(within(screen.getByTestId("preview-viewport")).getByRole("button", { name: "Mobile" }));
    await choose(screen.getByTestId("preview-appearance"), "dark");
    await settle();
    expect(sent("preview_issue").at(-1)).toEqual({ doc, request: { format: "web", viewport: "mobile", appearance: "dark", theme: null } });
    const next = new PreviewState(() => doc);
    expect([next.viewport, next.appearance]).toEqual(["mobile", "dark"]);
  });

  it("can be hidden and shown again, rendering when shown", async () => {
    reply.preview_issue = () => rendered("3 words");
    const preview = new PreviewState(() => doc);
    render(PreviewPane, { preview });
    await fireEvent.click(screen.getByRole("button", { name: "Hide the preview" }));
    flushSync();
    expect(screen.queryByTestId("preview-status")).toBeNull();
    expect(sent("preview_issue")).toEqual([]); // nothing is rendered for a hidden pane

    await fireEvent.click(screen.getByTestId("preview-show"));
    await settle();
    expect(sent("preview_issue")).toHaveLength(1);
    expect(text("preview-status")).toBe("3 words");
  });
});

// ---------------------------------------------------------------------------------------
// History

const revisions = (): RevisionSummary[] => [
  { id: 3, issue_id: 1, reason: "before restore", created_at: "2026-11-23T14:05:00Z", title: "Week seven" },
  { id: 2, issue_id: 1, reason: "autosave", created_at: "2026-11-22T09:30:00Z", title: "  " },
];

async function openHistory(restoredFn: () => Promise<void> = async () => {}) {
  const seen = { closed: 0 };
  render(HistoryDialog, { issueId: 1, issueLabel: "#7 Week seven", restored: restoredFn, close: () => seen.closed++ });
  await settle();
  return seen;
}

const versions = () => screen.getAllByTestId("history-version");

describe("the history dialog", () => {
  it("lists the issue's versions as the core gives them, the newest focused", async () => {
    reply.list_revisions = revisions;
    await openHistory();
    expect(sent("list_revisions")).toEqual([{ issueId: 1 }]);
    expect(screen.getByTestId("history-dialog").getAttribute("aria-label")).toBe("History of #7 Week seven");
    const shown = versions().map((v) => [".when", ".why", ".title"].map((part) => v.querySelector(part)!.textContent));
    expect(shown).toEqual([
      [revisionTime("2026-11-23T14:05:00Z"), "before restore", "Week seven"],
      [revisionTime("2026-11-22T09:30:00Z"), "autosave", "Untitled issue"],
    ]);
    expect(document.activeElement).toBe(versions()[0]);
    expect((screen.getByTestId("history-restore") as HTMLButtonElement).disabled).toBe(true);
  });

  it("says when there are no versions yet, or why they could not be listed", async () => {
    reply.list_revisions = () => [];
    await openHistory();
    expect(text("history-list")).toContain("No versions yet");
    cleanup();

    reply.list_revisions = refuse("The library is locked by another process", "busy");
    await openHistory();
    expect(text("history-result")).toBe("Could not list versions: The library is locked by another process");
  });

  it("shows what changed since a version, as the core's diff", async () => {
    reply.list_revisions = revisions;
    reply.diff_revisions = () => "--- version\n+++ now\n@@ -1,2 +1,2 @@\n title: Week seven\n-Old line\n+New line\n";
    await openHistory();
    await fireEvent.click(versions()[1]);
    await settle();
    expect(sent("diff_revisions")).toEqual([{ a: 2, b: null }]);
    expect(versions()[1].getAttribute("aria-pressed")).toBe("true");
    const lines = Array.from(screen.getByTestId("history-diff").children).map((s) => [s.className, s.textContent]);
    expect(lines).toEqual([
      ["diff-hunk", "@@ -1,2 +1,2 @@\n"],
      ["diff-same", " title: Week seven\n"],
      ["diff-del", "-Old line\n"],
      ["diff-add", "+New line\n"],
    ]);
    expect((screen.getByTestId("history-restore") as HTMLButtonElement).disabled).toBe(false);
  });

  it("says when a version is the issue as it is now, or could not be compared", async () => {
    reply.list_revisions = revisions;
    reply.diff_revisions = () => "";
    await openHistory();
    await fireEvent.click(versions()[0]);
    await settle();
    expect(text("history-diff")).toBe("No differences: this version is the issue as it is now.");

    reply.diff_revisions = refuse("No version 2", "not_found");
    await fireEvent.click(versions()[1]);
    await settle();
    expect(screen.getByTestId("history-dialog").textContent).toContain("Could not compare: No version 2");
  });

  it("restores a version once the author confirms, then lists the versions again", async () => {
    reply.list_revisions = revisions;
    reply.diff_revisions = () => "@@ -1 +1 @@\n-a\n+b\n";
    let restored = 0;
    await openHistory(async () => void restored++);
    await fireEvent.click(versions()[1]);
    await settle();
    await fireEvent.click(screen.getByTestId("history-restore"));
    await settle();
    expect(screen.getByTestId("dialog").textContent).toContain("Restore this version?");
    expect(sent("restore_revision")).toEqual([]); // nothing before the author says so

    await fireEvent.click(screen.getByTestId("dialog-confirm"));
    await settle();
    expect(sent("restore_revision")).toEqual([{ id: 2 }]);
    expect(restored).toBe(1);
    expect(text("history-result")).toBe(`Restored the version of ${revisionTime("2026-11-22T09:30:00Z")}.`);
    expect(sent("list_revisions")).toHaveLength(2);
    expect((screen.getByTestId("history-restore") as HTMLButtonElement).disabled).toBe(true);
  });

  it("restores nothing when the author cancels", async () => {
    reply.list_revisions = revisions;
    let restored = 0;
    await openHistory(async () => void restored++);
    await fireEvent.click(versions()[0]);
    await settle();
    await fireEvent.click(screen.getByTestId("history-restore"));
    await settle();
    await fireEvent.click(screen.getByTestId("dialog-cancel"));
    await settle();
    expect(screen.queryByTestId("dialog")).toBeNull();
    expect(sent("restore_revision")).toEqual([]);
    expect(restored).toBe(0);
    expect(text("history-result")).toBe("");
  });

  it("says what the core refused when a restore fails", async () => {
    reply.list_revisions = revisions;
    reply.restore_revision = refuse("The library is read-only", "read_only");
    let restored = 0;
    await openHistory(async () => void restored++);
    await fireEvent.click(versions()[0]);
    await settle();
    await fireEvent.click(screen.getByTestId("history-restore"));
    await settle();
    await fireEvent.click(screen.getByTestId("dialog-confirm"));
    await settle();
    expect(text("history-result")).toBe("Not restored: The library is read-only");
    expect(restored).toBe(0);
  });

  it("saves a version on request, or says why not", async () => {
    reply.list_revisions = revisions;
    reply.save_version = () => 4;
    await openHistory();
    await fireEvent.click(screen.getByTestId("history-save"));
    await settle();
    expect(sent("save_version")).toEqual([{ issueId: 1 }]);
    expect(text("history-result")).toBe("Saved a version of the issue as it is now.");
    expect(sent("list_revisions")).toHaveLength(2);

    reply.save_version = refuse("The library is read-only", "read_only");
    await fireEvent.click(screen.getByTestId("history-save"));
    await settle();
    expect(text("history-result")).toBe("Not saved: The library is read-only");
  });

  it("closes on Close", async () => {
    reply.list_revisions = revisions;
    const seen = await openHistory();
    await fireEvent.click(screen.getByTestId("history-close"));
    expect(seen.closed).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------
// Export

async function openExport() {
  const seen = { closed: 0, jumps: [] as [number, string][] };
  render(ExportDialog, {
    issueId: 1, issueNumber: 7, publicationId: 1, theme: "weekly", themes: [["weekly", "Weekly"], ["plain", "Plain"]],
    close: () => seen.closed++, jump: (storyId: number, at: string) => seen.jumps.push([storyId, at]),
  });
  await settle();
  return seen;
}

const report = (): Report => ({
  summary: "1 error, 1 warning",
  links_checked: 0,
  findings: [
    { severity: "error", code: "no-headline", place: "Story 2", story_id: 12, item_id: null, field: "headline", problem: "It has no headline", fix: "write one" },
    { severity: "warning", code: "no-preheader", place: "The issue", story_id: null, item_id: null, field: "preheader", problem: "There is no preheader", fix: "add one" },
  ],
});

describe("the export dialog", () => {
  it("saves the chosen format and theme where the author says, then offers Show in folder", async () => {
    reply.save_export_as = () => ({ path: "/home/sam/issues/007-week-seven.html", bytes: 2048, size: null });
    await openExport();
    expect(screen.getByTestId("export-dialog").getAttribute("aria-label")).toBe("Export issue #7");
    expect(field("export-format-email").checked).toBe(true);
    expect(field("export-theme").value).toBe("weekly");
    expect(screen.queryByTestId("export-show")).toBeNull();

    await fireEvent.click(field("export-format-web"));
    await choose(field("export-theme"), "plain");
    await fireEvent.click(screen.getByTestId("export-save"));
    await settle();
    expect(sent("save_export_as")).toEqual([{ issueId: 1, format: "web", theme: "plain", folder: null }]);
    expect(text("export-result")).toBe("Saved 2.0 KB to /home/sam/issues/007-week-seven.html");

    await fireEvent.click(screen.getByTestId("export-show"));
    await settle();
    expect(sent("show_in_folder")).toEqual([{ path: "/home/sam/issues/007-week-seven.html" }]);

    // The next Save dialog starts in the folder saved to.
    await fireEvent.click(screen.getByTestId("export-save"));
    await settle();
    expect(sent("save_export_as")[1].folder).toBe("/home/sam/issues");
  });

  it("says the email's size beside a saved email", async () => {
    reply.save_export_as = () => ({ path: "/tmp/007.email.html", bytes: 43_213, size: size("42.2 KB of 102 KB") });
    await openExport();
    await fireEvent.click(screen.getByTestId("export-save"));
    await settle();
    expect(sent("save_export_as")[0]).toMatchObject({ format: "email", theme: "weekly" });
    expect(text("export-result")).toBe("Saved 42.2 KB to /tmp/007.email.html · email size 42.2 KB of 102 KB");
  });

  it("says nothing when the author cancels the save, why when it is refused, and offers no Show in folder", async () => {
    reply.save_export_as = () => null;
    await openExport();
    await fireEvent.click(screen.getByTestId("export-save"));
    await settle();
    expect(text("export-result")).toBe("");

    reply.save_export_as = refuse("The theme “weekly” is broken: story.html line 3", "theme");
    await fireEvent.click(screen.getByTestId("export-save"));
    await settle();
    expect(text("export-result")).toBe("Not saved: The theme “weekly” is broken: story.html line 3");
    expect(screen.queryByTestId("export-show")).toBeNull();
  });

  it("copies the export to the clipboard, or says why not", async () => {
    reply.export_issue = ({ format }) => ({ format, file_name: "007-week-seven.md", text: "# Week seven\n", size: null });
    await openExport();
    await fireEvent.click(field("export-format-markdown"));
    await fireEvent.click(screen.getByTestId("export-copy"));
    await settle();
    expect(sent("export_issue")).toEqual([{ issueId: 1, format: "markdown", theme: "weekly", path: null }]);
    expect(text("export-result")).toBe("Copied 007-week-seven.md to the clipboard");
    expect(await navigator.clipboard.readText()).toBe("# Week seven\n");

    reply.export_issue = refuse("No issue 1", "not_found");
    await fireEvent.click(screen.getByTestId("export-copy"));
    await settle();
    expect(text("export-result")).toBe("Not copied: No issue 1");
  });

  it("runs the pre-flight check, lists the findings, and jumps to a story's", async () => {
    reply.check_issue = report;
    const seen = await openExport();
    await fireEvent.click(field("check-online")); // links are not fetched this time
    await fireEvent.click(screen.getByTestId("check-run"));
    await settle();
    expect(sent("check_issue")).toEqual([{ issueId: 1, offline: true }]);
    expect(text("check-summary")).toBe("1 error, 1 warning");
    const findings = screen.getAllByTestId("check-finding");
    expect(findings.map((f) => f.textContent)).toEqual([
      expect.stringContaining("Story 2: It has no headline. Write one."),
      expect.stringContaining("The issue: There is no preheader. Add one."),
    ]);
    expect(within(findings[1]).queryByRole("button")).toBeNull(); // not in a story: nowhere to jump

    await fireEvent.click(within(findings[0]).getByRole("button"));
    expect(seen.closed).toBe(1);
    expect(seen.jumps).toEqual([[12, "headline"]]);
  });

  it("says when the check could not run", async () => {
    reply.check_issue = refuse("No issue 1", "not_found");
    await openExport();
    await fireEvent.click(screen.getByTestId("check-run"));
    await settle();
    expect(sent("check_issue")).toEqual([{ issueId: 1, offline: false }]);
    expect(text("check-summary")).toBe("The check could not run: No issue 1");
    expect(screen.queryAllByTestId("check-finding")).toEqual([]);
  });

  it("sends a test to the addresses typed, and says where it went or why not", async () => {
    reply.send_test = ({ to }) => ({ recipients: to, server: "smtp.example.org", response: "250 OK" });
    await openExport();
    await fireEvent.click(screen.getByTestId("send-test"));
    await settle();
    expect(text("send-result")).toBe("Give an address to send the test to.");
    expect(sent("send_test")).toEqual([]);

    await typeInto(field("send-to"), "sam@example.org, , ed@example.org ");
    await fireEvent.click(screen.getByTestId("send-test"));
    await settle();
    expect(sent("send_test")).toEqual([{ issueId: 1, to: ["sam@example.org", "ed@example.org"] }]);
    expect(text("send-result")).toBe("Sent to sam@example.org, ed@example.org through smtp.example.org");

    reply.send_test = refuse("smtp.example.org refused the login: 535 bad credentials", "send");
    await fireEvent.click(screen.getByTestId("send-test"));
    await settle();
    expect(text("send-result")).toBe("Not sent: smtp.example.org refused the login: 535 bad credentials");
  });

  it("closes on Close", async () => {
    const seen = await openExport();
    await fireEvent.click(screen.getByTestId("export-dialog-close"));
    expect(seen.closed).toBe(1);
  });
});

describe("publishing from the Export dialog", () => {
  it("makes a draft at the chosen target, then says it will update it", async () => {
    const target = (name: string, service: string) => ({
      target: { id: name.length, publication_id: 1, name, service, base_url: "", api_user: "", lists: "", template: "", created_at: "" },
      has_key: true,
    });
    const published = { target: "Site", service: "ghost", remote_id: "p1", remote_url: "https://example.ghost.io/ghost/#/editor/post/p1", state: "draft", send_at: "", first_at: "2026-11-27T10:00:00Z", updated_at: "2026-11-27T10:00:00Z" };
    let done: unknown[] = [];
    reply.targets_list = () => [target("Weekly", "buttondown"), target("Site", "ghost")];
    reply.issue_publishes = () => done;
    reply.publish_issue = () => {
      done = [published];
      return { published, created: true, summary: "Created the draft in Ghost (“Site”): https://example.ghost.io/ghost/#/editor/post/p1" };
    };
    render(PublishSection, { issueId: 3, issueNumber: 3, publicationId: 1 });
    await settle();
    await choose(screen.getByTestId("publish-target"), "Site");
    expect(screen.getByTestId("publish-draft").textContent).toBe("Publish as a draft");
    await fireEvent.click(screen.getByTestId("publish-draft"));
    await settle();
    expect(calls.find(([c]) => c === "publish_issue")![1]).toEqual({ issueId: 3, target: "Site" });
    expect(screen.getByTestId("publish-result").textContent).toContain("Created the draft in Ghost");
    expect(screen.getByTestId("publish-draft").textContent).toBe("Update the draft");
    expect(screen.getByTestId("publish-before").textContent).toContain("A draft is there since");
  });

  it("sends only after a confirmation naming the list and its count, then tells the window", async () => {
    const row = { target: { id: 1, publication_id: 1, name: "Weekly", service: "buttondown", base_url: "", api_user: "", lists: "", template: "", created_at: "" }, has_key: true };
    const sentRow = { target: "Weekly", service: "buttondown", remote_id: "e1", remote_url: "https://buttondown.com/emails/e1", state: "sent", send_at: "2026-11-27T10:00:00Z", first_at: "2026-11-27T10:00:00Z", updated_at: "2026-11-27T10:00:00Z" };
    let done: unknown[] = [];
    reply.targets_list = () => [row];
    reply.issue_publishes = () => done;
    reply.publish_audience = () => ({ target: "Weekly", service: "buttondown", list: "your Buttondown list, regular and premium", count: 1204, note: "", state: null, summary: "your Buttondown list, regular and premium (1,204 subscribers)" });
    reply.send_issue = () => {
      done = [sentRow];
      return { published: sentRow, created: false, summary: "Buttondown is sending the issue to the list now: https://buttondown.com/emails/e1" };
    };
    let told = 0;
    render(PublishSection, { issueId: 3, issueNumber: 12, publicationId: 1, onsent: () => told++ });
    await settle();

    // Cancelled: nothing sent.
    await fireEvent.click(screen.getByTestId("publish-send"));
    await settle();
    const dialog = screen.getByTestId("dialog");
    expect(dialog.textContent).toContain("Send issue #12 to the list now?");
    expect(dialog.textContent).toContain("Buttondown sends it to your Buttondown list, regular and premium (1,204 subscribers).");
    expect(screen.getByTestId("dialog-confirm").textContent).toBe("Send now");
    expect(document.activeElement).toBe(screen.getByTestId("dialog-cancel"));
    await fireEvent.click(screen.getByTestId("dialog-cancel"));
    await settle();
    expect(calls.some(([c]) => c === "send_issue")).toBe(false);
    expect(screen.getByTestId("publish-result").textContent).toBe("Nothing was sent.");

    await fireEvent.click(screen.getByTestId("publish-send"));
    await settle();
    await fireEvent.click(screen.getByTestId("dialog-confirm"));
    await settle();
    expect(calls.find(([c]) => c === "send_issue")![1]).toEqual({ issueId: 3, target: "Weekly", at: null });
    expect(screen.getByTestId("publish-result").textContent).toContain("is sending the issue to the list now");
    expect(told).toBe(1);
    expect(screen.getByTestId("publish-before").textContent).toContain("Sent to the list");
    expect(screen.queryByTestId("publish-send")).toBeNull();
    expect(screen.queryByTestId("publish-draft")).toBeNull();
  });

  it("asks the service about a scheduled send whose time has come, and tells the window", async () => {
    const row = { target: { id: 1, publication_id: 1, name: "Weekly", service: "buttondown", base_url: "", api_user: "", lists: "", template: "", created_at: "" }, has_key: true };
    const at = "2026-01-05T07:00:00Z";
    const scheduled = { target: "Weekly", service: "buttondown", remote_id: "e1", remote_url: "https://buttondown.com/emails/e1", state: "scheduled", send_at: at, first_at: at, updated_at: at };
    reply.targets_list = () => [row];
    reply.issue_publishes = () => [scheduled];
    reply.follow_publishes = () => ({ publishes: [{ ...scheduled, state: "sent" }], unanswered: [] });
    let told = 0;
    render(PublishSection, { issueId: 3, issueNumber: 12, publicationId: 1, onsent: () => told++ });
    await settle();
    expect(calls.find(([c]) => c === "follow_publishes")![1]).toEqual({ issueId: 3 });
    expect(told).toBe(1);
    expect(screen.getByTestId("publish-before").textContent).toContain("Sent to the list");
  });

  it("says when a scheduled send goes, with its time zone", async () => {
    const row = { target: { id: 1, publication_id: 1, name: "Weekly", service: "kit", base_url: "", api_user: "", lists: "", template: "", created_at: "" }, has_key: true };
    const at = "2099-01-05T07:00:00Z";
    reply.targets_list = () => [row];
    reply.issue_publishes = () => [{ target: "Weekly", service: "kit", remote_id: "9", remote_url: "https://app.kit.com/campaigns/9/draft", state: "scheduled", send_at: at, first_at: at, updated_at: at }];
    render(PublishSection, { issueId: 3, issueNumber: 12, publicationId: 1 });
    await settle();
    const said = screen.getByTestId("publish-before").textContent ?? "";
    expect(said).toContain("Scheduled for");
    expect(said).toMatch(/2099/);
    expect(said).toMatch(/UTC|GMT|[A-Z]{2,4}/);
    expect(calls.some(([c]) => c === "follow_publishes")).toBe(false);
  });
});

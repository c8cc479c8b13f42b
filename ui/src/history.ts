// The History dialog: an issue's saved versions, newest first, each with a readable diff
// against the issue as it is now, and a restore that first keeps the current state as a
// version of its own (the core does that), so a restore can itself be undone.

import { api, AppError } from "./ipc";
import type { RevisionSummary } from "./ipc";
import { ask, h } from "./dom";
import { diffLines, revisionTime } from "./state";

function message(e: unknown): string {
  return e instanceof AppError || e instanceof Error ? e.message : String(e);
}

/** A unified diff as lines the author can scan: added in green, removed in red. */
function renderDiff(diff: string): HTMLElement {
  const lines = diffLines(diff);
  if (!lines.length) return h("p", { class: "hint", "data-testid": "history-diff" }, "No differences: this version is the issue as it is now.");
  return h("pre", { class: "diff", "data-testid": "history-diff" },
    ...lines.map((l) => h("span", { class: `diff-${l.kind}` }, l.text + "\n")));
}

export function openHistory(opts: {
  issueId: number;
  issueLabel: string;
  /** Called after a restore, once the core has put the version back. */
  restored: () => Promise<void>;
}): void {
  let revisions: RevisionSummary[] = [];
  let selected: number | null = null;
  const list = h("ol", { class: "revisions", "data-testid": "history-list", "aria-label": "Versions" });
  const diff = h("div", { class: "diff-pane" }, h("p", { class: "hint" }, "Choose a version to see what changed since."));
  const result = h("p", { class: "result", role: "status", "data-testid": "history-result" });
  const restore = h("button", { class: "primary", disabled: true, "data-testid": "history-restore", onclick: () => void doRestore() }, "Restore this version");

  const select = async (id: number) => {
    selected = id;
    for (const b of list.querySelectorAll<HTMLElement>("button")) b.setAttribute("aria-pressed", String(b.dataset.id === String(id)));
    restore.disabled = false;
    diff.replaceChildren(h("p", { class: "hint" }, "Comparing…"));
    try {
      diff.replaceChildren(renderDiff(await api.diffRevisions(id, null)));
    } catch (e) {
      diff.replaceChildren(h("p", { class: "hint" }, `Could not compare: ${message(e)}`));
    }
  };

  const load = async () => {
    try {
      revisions = await api.listRevisions(opts.issueId);
    } catch (e) {
      result.textContent = `Could not list versions: ${message(e)}`;
      return;
    }
    list.replaceChildren(
      ...revisions.map((r) =>
        h("li", {},
          h("button", { class: "revision", "data-id": r.id, "data-testid": "history-version", "aria-pressed": "false", onclick: () => void select(r.id) },
            h("span", { class: "when" }, revisionTime(r.created_at)),
            h("span", { class: "why" }, r.reason),
            h("span", { class: "title" }, r.title.trim() || "Untitled issue"),
          ))),
    );
    if (!revisions.length) list.append(h("li", { class: "hint" }, "No versions yet: one is kept every few minutes while you write, and before anything is deleted."));
  };

  const doRestore = async () => {
    const r = revisions.find((x) => x.id === selected);
    if (!r) return;
    const ok = await ask({
      title: "Restore this version?",
      body: `The issue goes back to how it was on ${revisionTime(r.created_at)}. What it holds now is kept as a version first, so this can be undone.`,
      confirm: "Restore",
    });
    if (!ok) return;
    try {
      await api.restoreRevision(r.id);
      await opts.restored();
      result.textContent = `Restored the version of ${revisionTime(r.created_at)}.`;
      await load();
      selected = null;
      restore.disabled = true;
      diff.replaceChildren();
    } catch (e) {
      result.textContent = `Not restored: ${message(e)}`;
    }
  };

  const saveNow = h("button", { "data-testid": "history-save", onclick: async () => {
    try {
      await api.saveVersion(opts.issueId);
      result.textContent = "Saved a version of the issue as it is now.";
      await load();
    } catch (e) {
      result.textContent = `Not saved: ${message(e)}`;
    }
  } }, "Save a version now");

  const dialog = h("dialog", { class: "ask wide history", "data-testid": "history-dialog", "aria-label": `History of ${opts.issueLabel}` },
    h("h2", {}, `History of ${opts.issueLabel}`),
    h("div", { class: "history-body" }, list, diff),
    result,
    h("div", { class: "buttons" },
      saveNow,
      h("span", { class: "spacer" }),
      restore,
      h("button", { "data-testid": "history-close", onclick: () => dialog.close() }, "Close"),
    ),
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  void load().then(() => list.querySelector<HTMLElement>("button")?.focus());
}

// Pure helpers for the editor's state: ordering, titles, labels. No DOM, no IPC, so
// Vitest covers them directly.

import type { IssueSummary } from "./ipc";

/** Returns a copy of `list` with the element at `from` moved to `to` (clamped). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length) return out;
  const [moved] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, moved);
  return out;
}

/** The window title: which issue is open, so the author can tell windows apart. */
export function windowTitle(issue: { number: number; title: string } | null): string {
  if (!issue) return "Masthead";
  const title = issue.title.trim() || "Untitled issue";
  return `#${issue.number} ${title} — Masthead`;
}

/** `2026-11-20` → `Nov 20, 2026`, read as a calendar date (never shifted by time zone). */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const month = months[Number(m[2]) - 1];
  return month ? `${month} ${Number(m[3])}, ${m[1]}` : iso;
}

/** Two-digit story numbers as the weekly theme prints them: `01`, `02`, … `10`. */
export function storyNumber(index: number): string {
  return String(index + 1).padStart(2, "0");
}

/** The sidebar's second line for an issue. */
export function issueMeta(i: Pick<IssueSummary, "date" | "status" | "story_count">): string {
  const stories = `${i.story_count} ${i.story_count === 1 ? "story" : "stories"}`;
  return `${formatDate(i.date)} · ${i.status} · ${stories}`;
}

export type DiffLine = { kind: "add" | "del" | "hunk" | "same"; text: string };

/** A unified diff's lines, typed for display (the `---`/`+++` header is left out). */
export function diffLines(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const text of diff.split("\n")) {
    if (text.startsWith("---") || text.startsWith("+++")) continue;
    if (text.startsWith("@@")) out.push({ kind: "hunk", text });
    else if (text.startsWith("+")) out.push({ kind: "add", text });
    else if (text.startsWith("-")) out.push({ kind: "del", text });
    else if (text !== "" || out.length) out.push({ kind: "same", text });
  }
  while (out.length && out[out.length - 1].kind === "same" && out[out.length - 1].text === "") out.pop();
  return out;
}

/** A revision's time in the author's time zone: `Nov 23, 2026 at 14:05`. */
export function revisionTime(rfc3339: string, zone?: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const parts = new Intl.DateTimeFormat("en-US", {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("month")} ${get("day")}, ${get("year")} at ${get("hour")}:${get("minute")}`;
}


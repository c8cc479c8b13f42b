// The export dialog (save any format, copy, pre-flight check, test send) and the settings
// dialog (publication, sending, link tagging). Both are thin: every rule lives in the core;
// errors are shown where they happen, in the core's words.

import { api, AppError } from "./ipc";
import { lastFolder, rememberFolder } from "./folders";
import type { ExportFormat, Finding_Serialize as Finding, SmtpTls } from "./ipc";
import { h, toast } from "./dom";

const FORMATS: [ExportFormat, string][] = [
  ["email", "Email (HTML, CSS inlined)"],
  ["eml", "Email file (.eml, for any email service)"],
  ["web", "Web page (.html)"],
  ["text", "Plain text (.txt)"],
  ["markdown", "Markdown (.md)"],
  ["json", "Issue file (.json, to import elsewhere)"],
];

function message(e: unknown): string {
  return e instanceof AppError || e instanceof Error ? e.message : String(e);
}

function modal(testid: string, title: string, ...body: (HTMLElement | null)[]): HTMLDialogElement {
  const dialog = h("dialog", { class: "ask wide", "data-testid": testid, "aria-label": title },
    h("h2", {}, title),
    ...body,
    h("div", { class: "buttons" },
      h("button", { "data-testid": `${testid}-close`, onclick: () => dialog.close() }, "Close"),
    ),
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Findings read as a list; a finding in a story jumps there. */
export function findingLine(f: Finding): string {
  return `${f.place}: ${f.problem}. ${f.fix}.`;
}

export function openExport(opts: {
  issueId: number;
  issueNumber: number;
  theme: string;
  themes: [string, string][];
  jump: (storyId: number, field: string) => void;
}): void {
  let format: ExportFormat = "email";
  const result = h("p", { class: "result", "data-testid": "export-result", role: "status" });
  const theme = h("select", { "data-testid": "export-theme", "aria-label": "Theme" },
    ...opts.themes.map(([v, label]) => h("option", { value: v, selected: v === opts.theme }, label)));
  const formats = h("div", { class: "formats", role: "radiogroup", "aria-label": "Format" },
    ...FORMATS.map(([v, label]) =>
      h("label", {},
        h("input", { type: "radio", name: "format", value: v, checked: v === format, "data-testid": `export-format-${v}`,
          onchange: () => (format = v) }),
        ` ${label}`)));
  const show = h("button", { "data-testid": "export-show", hidden: true, title: "Show the saved file in your file manager" }, "Show in folder");
  const save = h("button", { class: "primary", "data-testid": "export-save", title: "Choose where to save it (the system's Save dialog)", onclick: async () => {
    result.textContent = "Choose where to save it…";
    show.hidden = true;
    try {
      const saved = await api.saveExportAs(opts.issueId, format, theme.value || null, lastFolder());
      if (!saved) {
        result.textContent = "Not saved: cancelled.";
        return;
      }
      rememberFolder(saved.path);
      const kb = (saved.bytes / 1024).toFixed(1);
      result.textContent = `Saved ${kb} KB to ${saved.path}${saved.size ? ` · email size ${saved.size.summary}` : ""}`;
      show.hidden = false;
      show.onclick = () => void api.showInFolder(saved.path).catch((e: unknown) => (result.textContent = `Could not show it: ${message(e)}`));
    } catch (e) {
      result.textContent = `Not saved: ${message(e)}`;
    }
  } }, "Save as…");
  const copy = h("button", { "data-testid": "export-copy", onclick: async () => {
    try {
      const out = await api.exportIssue(opts.issueId, format, theme.value || null, null);
      await navigator.clipboard.writeText(out.text);
      result.textContent = `Copied ${out.file_name} to the clipboard`;
    } catch (e) {
      result.textContent = `Not copied: ${message(e)}`;
    }
  } }, "Copy");
  // Rich text for pasting into a mail client or a web editor: the email's HTML (CSS
  // inlined, so it survives the paste) with the plain-text version beside it. The
  // clipboard item is made during the click, with the two exports as promises, because
  // the clipboard only accepts writes that start in a user gesture.
  const copyRich = h("button", { "data-testid": "export-copy-rich", title: "The email as formatted text, to paste into Gmail, Ghost or Substack", onclick: async () => {
    const blob = (f: ExportFormat, type: string) =>
      api.exportIssue(opts.issueId, f, theme.value || null, null).then((out) => new Blob([out.text], { type }));
    try {
      await navigator.clipboard.write([
        new ClipboardItem({ "text/html": blob("email", "text/html"), "text/plain": blob("text", "text/plain") }),
      ]);
      result.textContent = "Copied the email as rich text (and plain text) to the clipboard";
    } catch (e) {
      result.textContent = `Not copied: ${message(e)}`;
    }
  } }, "Copy as rich text");

  const online = h("input", { type: "checkbox", checked: true, "data-testid": "check-online" });
  const findings = h("ul", { class: "findings", "data-testid": "check-findings" });
  const summary = h("p", { class: "result", "data-testid": "check-summary", role: "status" });
  const check = h("button", { "data-testid": "check-run", onclick: async () => {
    summary.textContent = online.checked ? "Checking, links included…" : "Checking…";
    findings.replaceChildren();
    try {
      const report = await api.checkIssue(opts.issueId, !online.checked);
      summary.textContent = report.summary;
      findings.replaceChildren(...report.findings.map((f) =>
        h("li", { class: `finding ${f.severity}`, "data-testid": "check-finding" },
          h("span", { class: "severity" }, f.severity),
          f.story_id != null
            ? h("button", { class: "link", onclick: () => { dialog.close(); opts.jump(f.story_id!, f.field); } }, findingLine(f))
            : h("span", {}, findingLine(f)))));
    } catch (e) {
      summary.textContent = `The check could not run: ${message(e)}`;
    }
  } }, "Run checks");

  const to = h("input", { type: "email", multiple: true, placeholder: "you@example.com", "data-testid": "send-to", "aria-label": "Send a test to" });
  const sent = h("p", { class: "result", "data-testid": "send-result", role: "status" });
  const send = h("button", { "data-testid": "send-test", onclick: async () => {
    const list = to.value.split(",").map((s) => s.trim()).filter(Boolean);
    if (!list.length) {
      sent.textContent = "Give an address to send the test to.";
      return;
    }
    sent.textContent = "Sending…";
    try {
      const r = await api.sendTest(opts.issueId, list);
      sent.textContent = `Sent to ${r.recipients.join(", ")} through ${r.server}`;
    } catch (e) {
      sent.textContent = `Not sent: ${message(e)}`;
    }
  } }, "Send test");

  const dialog = modal("export-dialog", `Export issue #${opts.issueNumber}`,
    h("section", {}, h("h3", {}, "Save or copy"), formats,
      h("div", { class: "row" }, h("label", { class: "field" }, h("span", {}, "Theme"), theme), save, copy, copyRich), result, show),
    h("section", {}, h("h3", {}, "Check before sending"),
      h("div", { class: "row" }, h("label", {}, online, " Check that links work (fetches each one)"), check), summary, findings),
    h("section", {}, h("h3", {}, "Send a test"),
      h("div", { class: "row" }, to, send), sent,
      h("p", { class: "hint" }, "Uses the SMTP server in Settings › Sending.")),
  );
}

export async function openSettings(): Promise<void> {
  let pub, smtp, tagging;
  try {
    [pub, smtp, tagging] = await Promise.all([api.getPublication(), api.getSmtp(), api.getTagging()]);
  } catch (e) {
    toast(`Could not read the settings: ${message(e)}`, "error");
    return;
  }
  const text = (key: string, value: string, label: string, placeholder = "", type = "text") =>
    h("label", { class: "field" }, h("span", {}, label),
      h("input", { type, value, placeholder, "data-setting": key, "data-testid": `setting-${key}` }));
  const get = (key: string) => (document.querySelector<HTMLInputElement>(`[data-setting="${key}"]`)?.value ?? "").trim();
  const tls = h("select", { "data-setting": "smtp.tls", "data-testid": "setting-smtp.tls" },
    ...(["starttls", "tls", "none"] as SmtpTls[]).map((v) =>
      h("option", { value: v, selected: v === smtp.tls }, { starttls: "STARTTLS (port 587)", tls: "TLS (port 465)", none: "None (this computer only)" }[v])));
  const utm = h("input", { type: "checkbox", checked: tagging.enabled, "data-testid": "setting-links.utm" });
  const result = h("p", { class: "result", "data-testid": "settings-result", role: "status" });
  const save = h("button", { class: "primary", "data-testid": "settings-save", onclick: async () => {
    try {
      const wpm = Number(get("publication.words_per_minute"));
      if (!Number.isInteger(wpm) || wpm < 50 || wpm > 2000) throw new Error("reading speed must be a whole number of words per minute from 50 to 2000");
      await api.setPublication({
        ...pub,
        words_per_minute: wpm,
        name: get("publication.name"), tagline: get("publication.tagline"), author: get("publication.author"),
        sign_off: get("publication.sign_off"), footer: get("publication.footer"), sender: get("publication.sender"),
        postal_address: get("publication.postal_address"), unsubscribe_url: get("publication.unsubscribe_url"),
      });
      const port = Number(get("smtp.port") || "0");
      await api.setSmtp({ host: get("smtp.host"), port, tls: tls.value as SmtpTls, user: get("smtp.user") }, get("smtp.password") || null);
      await api.setTagging({
        enabled: utm.checked, source: get("links.utm_source"), medium: get("links.utm_medium"),
        campaign: get("links.utm_campaign"), exclude: get("links.utm_exclude").split(",").map((d) => d.trim()).filter(Boolean),
      });
      result.textContent = "Saved";
      window.dispatchEvent(new CustomEvent("reading-speed", { detail: wpm }));
    } catch (e) {
      result.textContent = `Not saved: ${message(e)}`;
    }
  } }, "Save settings");
  modal("settings-dialog", "Settings",
    h("section", { class: "grid" }, h("h3", {}, "Publication"),
      text("publication.name", pub.name, "Name"),
      text("publication.tagline", pub.tagline, "Tagline"),
      text("publication.author", pub.author, "Author"),
      text("publication.sign_off", pub.sign_off, "Sign-off", "— Sam"),
      text("publication.sender", pub.sender, "From address", "Name <you@example.com>"),
      text("publication.unsubscribe_url", pub.unsubscribe_url, "Unsubscribe link", "https://…", "url"),
      text("publication.postal_address", pub.postal_address, "Postal address"),
      text("publication.footer", pub.footer, "Footer (Markdown)"),
      text("publication.words_per_minute", String(pub.words_per_minute), "Reading speed (words per minute)", "265", "number")),
    h("section", { class: "grid" }, h("h3", {}, "Sending (test emails)"),
      text("smtp.host", smtp.host, "SMTP server", "smtp.example.com"),
      text("smtp.port", String(smtp.port), "Port", "587", "number"),
      h("label", { class: "field" }, h("span", {}, "Security"), tls),
      text("smtp.user", smtp.user, "User"),
      text("smtp.password", "", "Password (kept in the system keychain; blank keeps it)", "", "password")),
    h("section", { class: "grid" }, h("h3", {}, "Link tagging"),
      h("label", {}, utm, " Add utm_source, utm_medium and utm_campaign to links when exporting"),
      text("links.utm_source", tagging.source, "utm_source", "the publication's name"),
      text("links.utm_medium", tagging.medium, "utm_medium"),
      text("links.utm_campaign", tagging.campaign, "utm_campaign ({number} = issue number)"),
      text("links.utm_exclude", tagging.exclude.join(", "), "Never tag these domains", "example.com, partner.org")),
    h("div", { class: "row" }, save, result),
  );
}

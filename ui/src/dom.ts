// Building DOM nodes safely: text always goes through `textContent`, never `innerHTML`,
// so nothing typed or fetched can become markup.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers take their specific event type
type Handler = (e: any) => void;
type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    } else if (name === "value" && "value" in el) {
      (el as HTMLInputElement).value = String(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const c of children) {
    if (c == null || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

/**
 * The modal both questions use: a title, a text, `content`, then Cancel and the confirm
 * button (Escape cancels). Resolves true when confirmed; `first` gets the focus.
 */
function question(
  opts: { title: string; body?: string; confirm: string; danger?: boolean; cancelFirst?: boolean },
  content: (Node | null)[],
  first: HTMLElement | null,
): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "ask", "data-testid": "dialog" },
      h("form", { method: "dialog" },
        h("h2", {}, opts.title),
        opts.body ? h("p", {}, opts.body) : null,
        ...content,
        h("div", { class: "buttons" },
          h("button", { value: "cancel", type: "submit", formnovalidate: true, "data-testid": "dialog-cancel" }, "Cancel"),
          h("button", {
            value: "ok",
            type: "submit",
            class: opts.danger ? "danger" : "primary",
            "data-testid": "dialog-confirm",
          }, opts.confirm),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "ok");
    });
    document.body.append(dialog);
    dialog.showModal();
    const button = opts.cancelFirst ? "[data-testid=dialog-cancel]" : "button.primary, button.danger";
    (first ?? dialog.querySelector<HTMLButtonElement>(button))?.focus();
    if (first instanceof HTMLInputElement) first.select();
  });
}

/** A modal question with buttons; resolves to the chosen button's value, or null on Escape. */
export async function ask(opts: {
  title: string;
  body?: string;
  input?: string;
  /** A choice instead of a text: `[value, label]` pairs; `input` is the one selected. */
  choices?: [string, string][];
  confirm: string;
  danger?: boolean;
  /** Cancel takes the focus, so that Enter does not do what cannot be undone (a send). */
  cancelFirst?: boolean;
}): Promise<string | null> {
  const input = opts.choices
    ? h("select", { "aria-label": opts.title, "data-testid": "dialog-choice" },
        ...opts.choices.map(([value, label]) => h("option", { value, selected: value === opts.input }, label)))
    : opts.input != null
      ? h("input", { type: "text", value: opts.input, "aria-label": opts.title })
      : null;
  const ok = await question(opts, [input], input);
  return ok ? (input ? (input as HTMLInputElement | HTMLSelectElement).value : "ok") : null;
}

/**
 * Asks for several texts in one dialog (labelled fields, the first focused); their values
 * by name, or null when cancelled.
 */
export async function askFields(opts: {
  title: string;
  body?: string;
  fields: { name: string; label: string; value?: string; placeholder?: string; type?: "text" | "url" }[];
  confirm: string;
}): Promise<Record<string, string> | null> {
  const inputs = opts.fields.map((f) =>
    h("input", { type: f.type ?? "text", value: f.value ?? "", placeholder: f.placeholder ?? "", "data-testid": `dialog-field-${f.name}` }),
  ) as HTMLInputElement[];
  const labelled = opts.fields.map((f, i) => h("label", { class: "field" }, h("span", {}, f.label), inputs[i]));
  const ok = await question(opts, labelled, inputs[0] ?? null);
  return ok ? Object.fromEntries(opts.fields.map((f, i) => [f.name, inputs[i].value])) : null;
}

/** A short message in the corner that says what happened and what to do. */
export function toast(message: string, kind: "error" | "info" = "info", ms = kind === "error" ? 8000 : 3000): void {
  let host = document.querySelector<HTMLElement>(".toasts");
  if (!host) {
    host = h("div", { class: "toasts", role: "status" });
    document.body.append(host);
  }
  const t = h("div", { class: `toast ${kind}`, "data-testid": `toast-${kind}` }, message);
  host.append(t);
  // A modal dialog is in the top layer; a popover shown after it is above it, so a toast
  // said while Export or Settings is open is seen (shown again to come above the newest).
  if (typeof host.showPopover === "function") {
    host.setAttribute("popover", "manual");
    if (host.matches(":popover-open")) host.hidePopover();
    host.showPopover();
  }
  setTimeout(() => t.remove(), ms);
}

export const ICONS: Record<string, string> = {
  // 16×16 strokes; drawn here so no icon font or emoji font is needed.
  rename: "M3 13h2.5L13 5.5 10.5 3 3 10.5V13z M9.5 4l2.5 2.5",
  duplicate: "M5.5 5.5h7v7h-7z M3.5 10.5v-7h7",
  delete: "M3 4.5h10 M6.5 4.5V3h3v1.5 M4.5 4.5l.7 8.5h5.6l.7-8.5",
  archive: "M2 3.5h12v3H2z M3 6.5v6.5h10V6.5 M6.5 9h3",
  unarchive: "M2 3.5h12v3H2z M3 6.5v6.5h10V6.5 M8 12.5V8.5 M6.3 10.2 8 8.5l1.7 1.7",
  image: "M2.5 3.5h11v9h-11z M2.5 10.5l3-3 2.5 2.5 2-2 3.5 3.5 M10.5 6.2a.7.7 0 1 0 0-.1",
};

/** A small line icon for icon-only buttons (which carry an aria-label for their name). */
export function icon(name: keyof typeof ICONS & string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", ICONS[name] ?? "");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "1.4");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}

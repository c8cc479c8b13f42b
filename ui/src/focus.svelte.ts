// Focus after an action, without looking elements up: the action names what should take
// the keyboard next (`focusSoon("story-headline")`), and the element that is that thing
// (`{@attach focusable("story-headline")}`) takes it once it is on screen: at once, or
// when it appears (a new story's headline is drawn after the story is chosen).

import type { Attachment } from "svelte/attachments";

/** A request older than this is forgotten: focus never jumps long after the action. */
const STALE_MS = 1000;

class Request {
  key = $state<string | null>(null);
  at = 0;
}

const wanted = new Request();

/** Asks for `key`'s element to take the keyboard as soon as it is on screen. */
export function focusSoon(key: string): void {
  wanted.at = performance.now();
  wanted.key = key;
}

/** Focuses the element without jumping the page, centred when it had to come into view. */
function focusCentred(el: HTMLElement): void {
  el.focus({ preventScroll: true });
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) el.scrollIntoView({ block: "center" });
}

/**
 * Marks the element as the one `key` names; `focus` gives it the keyboard (a CodeMirror
 * field focuses its editor).
 */
export function focusable(key: string, focus: (el: HTMLElement) => void = focusCentred): Attachment<HTMLElement> {
  return (el) => {
    if (wanted.key !== key) return;
    wanted.key = null;
    if (performance.now() - wanted.at <= STALE_MS) focus(el);
  };
}

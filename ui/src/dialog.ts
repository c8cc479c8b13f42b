// What every dialog shares: opening as a modal (closed again when it goes away), and an
// error said in the core's words.

import { AppError } from "./ipc";

/** Attachment for a `<dialog>`: shown modal while it exists, closed when it goes. */
export function modal(el: HTMLDialogElement): () => void {
  el.showModal();
  return () => el.close();
}

/** What went wrong, as the core (or the platform) put it. */
export function errorText(e: unknown): string {
  return e instanceof AppError || e instanceof Error ? e.message : String(e);
}

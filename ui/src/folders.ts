// The folder the author last saved to or opened from, offered first by the next Save or
// Open dialog (kept in the web view's storage, like the pane widths).

const KEY = "masthead.lastFolder";

export function lastFolder(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Remembers the folder of `path` (a file just saved or opened). */
export function rememberFolder(path: string): void {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut <= 0) return;
  try {
    localStorage.setItem(KEY, path.slice(0, cut));
  } catch {
    // storage unavailable: the dialog starts in its own default folder
  }
}

// The one door between the UI and Rust. No other module imports `@tauri-apps/*`
// (tests/ipc-door.test.ts enforces it). Components call these typed functions, which
// throw an `AppError` carrying the core's stable error kind.

import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { commands, type AddedImage, type Changes, type ErrorPayload, type FetchEvent_Deserialize, type LibraryChanged, type ThemeList } from "./bindings";

export type * from "./bindings";

export class AppError extends Error {
  readonly kind: ErrorPayload["kind"] | "ipc";
  constructor(kind: ErrorPayload["kind"] | "ipc", message: string) {
    super(message);
    this.kind = kind;
  }
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: ErrorPayload };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (e) {
    // Tauri itself failed (unknown command, bad arguments): not something the author caused.
    throw new AppError("ipc", `Masthead could not reach its core: ${String(e)}`);
  }
  if (result.status === "error") throw new AppError(result.error.kind, result.error.message);
  return result.data;
}

type Commands = typeof commands;
type Unwrapped = {
  [K in keyof Commands]: Commands[K] extends (...args: infer A) => Promise<Result<infer T>>
    ? (...args: A) => Promise<T>
    : Commands[K];
};

/** Every command of the core, throwing `AppError` instead of returning result objects. */
export const api = new Proxy(commands, {
  get(target, prop: string) {
    const fn = (target as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
    if (typeof fn !== "function") return fn;
    if (prop === "libraryStatus") return fn; // returns its value directly, never an error
    return (...args: unknown[]) => unwrap(fn(...args) as Promise<Result<unknown>>);
  },
}) as unknown as Unwrapped;

/**
 * Adds an image from a pasted or dropped file, its bytes sent raw (the typed `addImage`
 * would send them as a JSON array of numbers, 3.5 times their size).
 */
export async function addImageFile(bytes: ArrayBuffer, fileName: string): Promise<AddedImage> {
  try {
    return await invoke<AddedImage>("add_image_bytes", new Uint8Array(bytes), {
      headers: { "masthead-file-name": encodeURIComponent(fileName) },
    });
  } catch (e) {
    const payload = e as Partial<ErrorPayload> | null;
    if (payload && typeof payload === "object" && payload.kind && payload.message) throw new AppError(payload.kind, payload.message);
    throw new AppError("ipc", `Masthead could not reach its core: ${String(e)}`);
  }
}

export async function setWindowTitle(title: string): Promise<void> {
  try {
    await getCurrentWindow().setTitle(title);
  } catch {
    document.title = title; // outside Tauri (vite dev in a browser)
  }
}

/**
 * Runs `beforeClose` (saving pending edits) before the window closes. Without Tauri
 * (a plain browser) it is a no-op: `beforeunload` covers that case.
 */
export async function onWindowClose(beforeClose: () => Promise<void>): Promise<void> {
  try {
    await getCurrentWindow().onCloseRequested(async () => {
      await beforeClose();
    });
  } catch {
    // not running inside Tauri
  }
}

/** Calls `f` whenever a theme changes (or breaks) in the library's themes folder. */
export async function onThemesChanged(f: (themes: ThemeList) => void): Promise<void> {
  try {
    await listen<ThemeList>("themes-changed", (e) => f(e.payload));
  } catch {
    // not running inside Tauri
  }
}

/**
 * Calls `f` whenever the library changes: with the rows one of Masthead's own commits
 * wrote, or with `null` when another process (the CLI, a second window) wrote to it.
 */
export async function onLibraryChanged(f: (changes: Changes | null) => void): Promise<void> {
  try {
    await listen<LibraryChanged>("library-changed", (e) => f(e.payload.changes ?? null));
  } catch {
    // not running inside Tauri
  }
}

/** Calls `f` whenever a `masthead://` link from the browser has been taken in (the news waits in the core's queue: `api.takeCaptures()`). */
export async function onCaptured(f: () => void): Promise<void> {
  try {
    await listen("masthead://captured", () => f());
  } catch {
    // not running inside Tauri
  }
}

/** Calls `f` with the id of each app-menu item the author chooses. */
export async function onMenu(f: (id: string) => void): Promise<void> {
  try {
    await listen<string>("menu", (e) => f(e.payload));
  } catch {
    // not running inside Tauri: no app menu
  }
}

/** A channel for a background fetch's progress (`inboxAdd`, `inboxFetch`). */
export function fetchChannel(onEvent: (e: FetchEvent_Deserialize) => void): Channel<FetchEvent_Deserialize> {
  const channel = new Channel<FetchEvent_Deserialize>();
  channel.onmessage = onEvent;
  return channel;
}

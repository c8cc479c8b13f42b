// One door between UI and Rust: only ui/src/ipc/ may import @tauri-apps/*.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js|svelte)$/.test(name) ? [p] : [];
  });
}

it("no module outside src/ipc imports @tauri-apps", () => {
  const src = join(__dirname, "..", "src");
  const offenders = files(src)
    .filter((f) => !relative(src, f).startsWith("ipc"))
    .filter((f) => /from\s+["']@tauri-apps\//.test(readFileSync(f, "utf8")));
  expect(offenders).toEqual([]);
});

// The door unwraps `{ status, data }`: a command answering a bare value would reach the
// window as `undefined` (it happened to `take_captures`). Every command returns a Result
// but the one the door passes through as it is.
it("every command answers through the door's Result", () => {
  const bindings = readFileSync(join(__dirname, "..", "src", "ipc", "bindings.ts"), "utf8");
  const bare = [...bindings.matchAll(/^\s*(\w+): \([^)]*\) => __TAURI_INVOKE</gm)].map((m) => m[1]);
  expect(bare).toEqual(["libraryStatus"]);
});

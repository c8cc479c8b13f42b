/**
 * Library images as `data:` URIs for the window (a card's picture, a site's icon): asked
 * of the core once per name, kept for the session (images are content-addressed, so a
 * name never changes what it shows).
 */
import { api } from "../ipc";

const uris = $state<Record<string, string | null>>({});
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of requests sent; nothing renders from it
const asked = new Set<string>();

/** The image named `name` as a `data:` URI; undefined while it loads, null if the library has none. */
export function libraryImage(name: string | null | undefined): string | null | undefined {
  if (!name) return null;
  // Asked for once; the answer lands in state outside any rendering.
  if (!asked.has(name)) {
    asked.add(name);
    void api.imageDataUri(name).then(
      (uri) => (uris[name] = uri),
      () => (uris[name] = null),
    );
  }
  return uris[name];
}

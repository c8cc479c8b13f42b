// Images into a Markdown field: files pasted, dropped or picked go to the core, which
// turns them upright, strips their metadata, sizes them for email and stores them; the
// field gets `![what it shows](name)`, with the alt text asked for on the way.

import { ask, toast } from "./dom";
import { errorText } from "./dialog";
import { api, type AddedImage } from "./ipc";

/** The image files among what was pasted or dropped (the core decides what it can read). */
export function imageFiles(list: FileList | null | undefined): File[] {
  return Array.from(list ?? []).filter((f) => f.type.startsWith("image/") || /\.(png|jpe?g|gif|webp|svg|heic|heif|avif)$/i.test(f.name));
}

/** Adds `files` to the library, asking what each shows; their Markdown, one paragraph each. */
export async function takeImages(files: File[]): Promise<string> {
  const parts: string[] = [];
  for (const f of files) {
    const name = f.name || "the pasted image";
    try {
      const bytes = Array.from(new Uint8Array(await f.arrayBuffer()));
      const added = await api.addImage(bytes, name);
      const md = await describe(added, name);
      if (md) parts.push(md);
    } catch (e) {
      toast(`Could not add ${name}: ${errorText(e)}`, "error");
    }
  }
  return parts.join("\n\n");
}

/** Asks what the image shows; its Markdown, or null when the author cancels. */
export async function describe(added: AddedImage, file: string): Promise<string | null> {
  if (added.warning) toast(added.warning);
  const { width, height } = added.image;
  const alt = await ask({
    title: "What does the image show?",
    body: `${file}, ${width} × ${height} px. Said to readers who cannot see it (screen readers, images turned off); leave it empty only for a decoration.`,
    input: "",
    confirm: "Insert image",
  });
  if (alt == null) return null;
  return api.imageMarkdown(alt, added.image.name);
}

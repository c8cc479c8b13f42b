// Images into a Markdown field: files pasted, dropped or picked go to the core, which
// turns them upright, strips their metadata, sizes them for email and stores them; the
// field gets `![what it shows](name)`, with the alt text asked for on the way.

import type { EditorView } from "@codemirror/view";
import { askFields, toast } from "./dom";
import { insertBlock } from "./editor";
import { lastFolder, rememberFolder } from "./folders";
import { errorText } from "./dialog";
import { addImageFile, api, type AddedImage } from "./ipc";

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
      const added = await addImageFile(await f.arrayBuffer(), name);
      const md = await describe(added, name);
      if (md) parts.push(md);
    } catch (e) {
      toast(`Could not add ${name}: ${errorText(e)}`, "error");
    }
  }
  return parts.join("\n\n");
}

/** Asks what the image shows (and an optional caption and link); its Markdown, or null when the author cancels. */
export async function describe(added: AddedImage, file: string): Promise<string | null> {
  if (added.warning) toast(added.warning);
  const { width, height } = added.image;
  for (let values: Record<string, string> = { alt: "", caption: "", link: "" }; ; ) {
    const answer = await askFields({
      title: "What does the image show?",
      body: `${file}, ${width} × ${height} px. The description is said to readers who cannot see it (screen readers, images turned off); leave it empty only for a decoration.`,
      fields: [
        { name: "alt", label: "Description (alt text)", value: values.alt },
        { name: "caption", label: "Caption, shown under it (optional)", value: values.caption },
        { name: "link", label: "Link, where a click goes (optional)", value: values.link, placeholder: "https://…", type: "url" },
      ],
      confirm: "Insert image",
    });
    if (answer == null) return null;
    try {
      return await api.imageMarkdown(answer.alt, added.image.name, answer.caption, answer.link);
    } catch (e) {
      // A link that is not a web address: say so and ask again, keeping what was typed.
      toast(errorText(e), "error");
      values = answer;
    }
  }
}

/**
 * Asks for an image file with the system's Open dialog, adds it and asks what it shows;
 * puts its Markdown into `view` (default: the field the author was last in). Returns the
 * Markdown when no field took it, null when cancelled or placed.
 */
export async function pickImage(view?: EditorView): Promise<string | null> {
  const picked = await api.pickImage(lastFolder());
  if (!picked) return null;
  const [added, path] = picked;
  rememberFolder(path);
  const md = await describe(added, path.split(/[\\/]/).pop() ?? path);
  if (!md || insertBlock(md, view)) return null;
  return md;
}

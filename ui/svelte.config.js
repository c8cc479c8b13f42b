import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  // Accessibility and every other compiler warning fail the build (vite build and svelte-check).
  onwarn: (warning) => {
    throw new Error(`${warning.filename}:${warning.start?.line}: ${warning.message} (${warning.code})`);
  },
};

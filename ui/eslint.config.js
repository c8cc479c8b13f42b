// ESLint for the window's code: JavaScript's and typescript-eslint's recommended rules on
// TypeScript, eslint-plugin-svelte's on components. Type-checking itself is svelte-check's.
import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";

export default ts.config(
  { ignores: ["dist/", "node_modules/", "src/ipc/bindings.ts"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    rules: {
      // Our svelte-ignore comments give their reason after the codes ("a11y_autofocus: the
      // dialog's one question"), which this rule reads as more codes. The compiler fails
      // the build on any warning (svelte.config.js), so an ignore cannot hide one unseen.
      "svelte/no-unused-svelte-ignore": "off",
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"] } },
  },
);

/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The Tauri shell loads ui/dist in production and this dev server under `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: { outDir: "dist", target: "safari15", sourcemap: false },
  // Component tests mount Svelte's browser build in a DOM environment.
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: { environment: "node", include: ["tests/**/*.test.ts"] },
});

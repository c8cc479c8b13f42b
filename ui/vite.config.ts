/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The Tauri shell loads ui/dist in production and this dev server under `tauri dev`.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: { outDir: "dist", target: "safari15", sourcemap: false },
  test: { environment: "node", include: ["tests/**/*.test.ts"] },
});

// Build: fixed asset names (assets/app.js, assets/app.css) so the server can
// embed them by name and two builds give the same bytes. Dev (`npm run dev`):
// /v1 is proxied to a running `smartspec serve` on SMARTSPEC_API
// (default http://127.0.0.1:8080).
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      output: {
        entryFileNames: "assets/app.js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/app[extname]",
        inlineDynamicImports: true,
      },
    },
  },
  server: {
    proxy: { "/v1": process.env.SMARTSPEC_API ?? "http://127.0.0.1:8080" },
  },
});

import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

export default defineConfig({
  // Relative asset URLs: the built site works from any sub-path (e.g. /docs/explorer/).
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      // monaco-yaml's worker still imports monaco-editor's pre-0.57 deep paths.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsm}$1` },
    ],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    manifest: true,
    // Monaco's chunks are large by nature and loaded lazily; the budget that matters is the
    // initial bundle, which scripts/bench-ui.mjs and the e2e tests report.
    chunkSizeWarningLimit: 4000,
    // Two pages, one app: embed.html is index.html with embed mode on (for documentation iframes).
    // `rolldownOptions` is Vite 8's name for the former `rollupOptions`.
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./embed.html', import.meta.url)),
      },
    },
  },
});

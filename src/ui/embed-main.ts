/**
 * Entry point of embed.html: the same app as index.html, in embed mode (embed.html's `data-embed`
 * attribute turns it on, see src/ui/embed/options-store.ts). A call of its own rather than a bare
 * re-import of main.tsx, so the build keeps both pages as entries in its manifest.
 */
import { boot } from './boot';

boot();

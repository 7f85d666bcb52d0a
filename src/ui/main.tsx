/** Entry point of index.html (embed.html's is embed-main.ts; both boot the same app). */
import { boot } from './boot';

boot();

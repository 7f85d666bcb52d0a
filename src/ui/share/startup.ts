/**
 * What decides the first cluster of a page load, in order: a share link in the fragment,
 * `?example=<id>`, then (if neither) the saved workspace, which the persistence module restores
 * only when `startupHandled` resolves to false. Embedded explorers never restore or save a
 * workspace: several embeds on one page share storage and must not overwrite each other.
 */
import type { Connection } from '../connection';
import { startEmbedApi } from '../embed/embed-api';
import { appOptionsStore } from '../embed/options-store';
import { forceTheme } from '../embed/theme';
import { applyLens } from '../embed/lens';
import { startFromLocation } from './share-session';

let resolveHandled: (handled: boolean) => void = () => undefined;
/** True when a link or an example chose the first cluster (do not restore the saved workspace). */
export const startupHandled: Promise<boolean> = new Promise(
  (resolve) => (resolveHandled = resolve),
);

/** Whether this page may save and restore a workspace. */
export function persistenceEnabled(): boolean {
  return !appOptionsStore.getState().options.embed;
}

/** Applies the URL's options and start-up choices. */
export function startApp(connection: Connection): void {
  const { options } = appOptionsStore.getState();
  if (options.theme !== 'system') forceTheme(options.theme);
  // The lens marks the page root for the stylesheet and sets the owners overlay (embed/lens.ts).
  applyLens(options.lens);
  for (const warning of options.warnings) console.warn(`k8s-explorer: ${warning}`);
  if (options.embed && options.allowedOrigins.length > 0)
    startEmbedApi(connection, options.allowedOrigins);
  startFromLocation(connection, location).then(
    (handled) => resolveHandled(handled),
    (error: unknown) => {
      console.error('k8s-explorer: start-up failed', error);
      resolveHandled(false);
    },
  );
}

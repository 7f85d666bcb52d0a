/**
 * The page's start-up options (embed mode, panels, theme, autoplay, speed, lens, allowed
 * origins), read once from the URL, plus a notice for the user (e.g. a share link that could not
 * be opened). Vanilla zustand, no React.
 */
import { createStore } from 'zustand/vanilla';
import { parseEmbedOptions, type EmbedOptions, type Panel } from './embed-options';

export interface Notice {
  level: 'info' | 'error';
  text: string;
}

export interface AppOptionsState {
  options: EmbedOptions;
  notice?: Notice;
}

function initialOptions(): EmbedOptions {
  if (typeof location === 'undefined') return parseEmbedOptions('');
  // embed.html says so with `<html data-embed>` (also when a host serves it as `/embed`).
  const marked =
    typeof document !== 'undefined' && document.documentElement.hasAttribute('data-embed');
  const file = marked ? 'embed.html' : (location.pathname.split('/').pop() ?? '');
  return parseEmbedOptions(location.search, file);
}

export const appOptionsStore = createStore<AppOptionsState>(() => ({ options: initialOptions() }));

/** Shows a notice above the diagram until dismissed. */
export function showNotice(notice: Notice | undefined): void {
  appOptionsStore.setState({ notice });
}

/** Whether a panel is shown: always outside embed mode, on demand inside it. */
export function panelShown(
  options: EmbedOptions,
  panel: 'editor' | 'console' | 'timeline' | 'inspector',
): boolean {
  return !options.embed || options.panels.includes(panel);
}

/** Shows or hides a panel (embed mode's on-demand panels). */
export function togglePanel(panel: Panel): void {
  appOptionsStore.setState((s) => {
    const panels = s.options.panels.includes(panel)
      ? s.options.panels.filter((p) => p !== panel)
      : [...s.options.panels, panel];
    return { options: { ...s.options, panels } };
  });
}

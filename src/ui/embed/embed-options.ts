/**
 * Embed mode options, read from the page URL (`?embed&panels=editor,console&theme=dark&autoplay=0
 * &speed=2&lens=network&allowed-origins=https://docs.example.org`). Unknown or invalid values fall
 * back to defaults and are reported, never acted on.
 */

export type Panel = 'editor' | 'console' | 'timeline' | 'inspector';
export type Lens = 'placement' | 'ownership' | 'network';

export interface EmbedOptions {
  embed: boolean;
  /** Panels shown at start (the diagram and the time bar are always there). */
  panels: Panel[];
  theme: 'light' | 'dark' | 'system';
  autoplay: boolean;
  speed: number;
  lens: Lens;
  /** Origins whose postMessage calls are accepted; none by default. */
  allowedOrigins: string[];
  /** Problems found in the URL, to show in the console. */
  warnings: string[];
}

const PANELS: readonly Panel[] = ['editor', 'console', 'timeline', 'inspector'];
const LENSES: readonly Lens[] = ['placement', 'ownership', 'network'];

/** Normalises an origin (`https://Docs.Example.org/path` -> `https://docs.example.org`); undefined if invalid. */
export function normaliseOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** Reads embed options from a URL's query string. */
export function parseEmbedOptions(search: string, fileName = ''): EmbedOptions {
  const params = new URLSearchParams(search);
  const warnings: string[] = [];
  const embed = params.has('embed') || fileName === 'embed.html';
  const options: EmbedOptions = {
    embed,
    panels: embed ? [] : ['editor', 'console'],
    theme: 'system',
    autoplay: true,
    speed: 1,
    lens: 'placement',
    allowedOrigins: [],
    warnings,
  };
  const panels = params.get('panels');
  if (panels !== null) {
    options.panels = [];
    for (const p of panels
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if ((PANELS as readonly string[]).includes(p)) options.panels.push(p as Panel);
      else warnings.push(`unknown panel "${p}" ignored (known: ${PANELS.join(', ')})`);
    }
  }
  const theme = params.get('theme');
  if (theme !== null) {
    if (theme === 'light' || theme === 'dark' || theme === 'system') options.theme = theme;
    else warnings.push(`unknown theme "${theme}" ignored (light, dark or system)`);
  }
  const autoplay = params.get('autoplay');
  if (autoplay !== null)
    options.autoplay = !['0', 'false', 'no', 'off'].includes(autoplay.toLowerCase());
  const speed = params.get('speed');
  if (speed !== null) {
    const value = Number(speed);
    if (Number.isFinite(value) && value >= 0.25 && value <= 100) options.speed = value;
    else warnings.push(`speed "${speed}" ignored (0.25 to 100)`);
  }
  const lens = params.get('lens');
  if (lens !== null) {
    if ((LENSES as readonly string[]).includes(lens)) options.lens = lens as Lens;
    else warnings.push(`unknown lens "${lens}" ignored (known: ${LENSES.join(', ')})`);
  }
  const origins = params.get('allowed-origins');
  if (origins !== null) {
    for (const o of origins.split(/[\s,]+/).filter(Boolean)) {
      if (o === '*') {
        warnings.push('allowed-origins "*" is not accepted: name each origin');
        continue;
      }
      const normalised = normaliseOrigin(o);
      if (normalised) options.allowedOrigins.push(normalised);
      else warnings.push(`allowed origin "${o}" ignored (not an http(s) origin)`);
    }
  }
  return options;
}

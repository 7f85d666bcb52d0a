import { describe, expect, it } from 'vitest';
import { viewStore } from '../store/view-store';
import { parseEmbedOptions } from './embed-options';
import { applyLens, LENS_INFO, lensEffects, setLens } from './lens';
import { appOptionsStore } from './options-store';

describe('lenses', () => {
  it('selects the lens from the URL, placement by default', () => {
    expect(parseEmbedOptions('').lens).toBe('placement');
    expect(parseEmbedOptions('?lens=network').lens).toBe('network');
    expect(parseEmbedOptions('?lens=xray').lens).toBe('placement');
    expect(Object.keys(LENS_INFO)).toEqual(['placement', 'ownership', 'network']);
  });

  it('turns the owners overlay on only for the ownership lens', () => {
    expect(lensEffects('ownership').showOwners).toBe(true);
    expect(lensEffects('network').showOwners).toBe(false);
    expect(lensEffects('placement').showOwners).toBe(false);
  });

  it('marks the page root for the stylesheet and sets the overlay', () => {
    const root = { dataset: {} as DOMStringMap };
    applyLens('ownership', root);
    expect(root.dataset.lens).toBe('ownership');
    expect(viewStore.getState().showOwners).toBe(true);
    applyLens('network', root);
    expect(root.dataset.lens).toBe('network');
    expect(viewStore.getState().showOwners).toBe(false);
  });

  it('records a lens switched from the toolbar in the options (share links keep it)', () => {
    const root = { dataset: {} as DOMStringMap };
    setLens('network', root);
    expect(appOptionsStore.getState().options.lens).toBe('network');
    expect(root.dataset.lens).toBe('network');
    setLens('placement', root);
    expect(appOptionsStore.getState().options.lens).toBe('placement');
  });
});

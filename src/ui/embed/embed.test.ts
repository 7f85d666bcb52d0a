import { describe, expect, it } from 'vitest';
import { originAllowed, validateEmbedMessage } from './embed-messages.ts';
import { normaliseOrigin, parseEmbedOptions } from './embed-options.ts';

describe('embed options', () => {
  it('has safe defaults: no panels in embed mode, no allowed origins', () => {
    const o = parseEmbedOptions('?embed');
    expect(o).toMatchObject({
      embed: true,
      panels: [],
      theme: 'system',
      autoplay: true,
      speed: 1,
      lens: 'placement',
      allowedOrigins: [],
    });
    expect(parseEmbedOptions('').embed).toBe(false);
    expect(parseEmbedOptions('', 'embed.html').embed).toBe(true);
  });

  it('reads panels, theme, autoplay, speed, lens and origins, and reports bad values', () => {
    const o = parseEmbedOptions(
      '?embed&panels=editor,bogus&theme=dark&autoplay=0&speed=500&lens=network&allowed-origins=https://Docs.Example.org/x,*,javascript:alert(1)',
    );
    expect(o.panels).toEqual(['editor']);
    expect(o.theme).toBe('dark');
    expect(o.autoplay).toBe(false);
    expect(o.speed).toBe(1);
    expect(o.lens).toBe('network');
    expect(o.allowedOrigins).toEqual(['https://docs.example.org']);
    expect(o.warnings).toHaveLength(4);
  });

  it('normalises origins', () => {
    expect(normaliseOrigin('http://127.0.0.1:8080/page')).toBe('http://127.0.0.1:8080');
    expect(normaliseOrigin('file:///etc/passwd')).toBeUndefined();
    expect(normaliseOrigin('not a url')).toBeUndefined();
  });
});

describe('embed messages', () => {
  it('accepts only listed origins', () => {
    expect(originAllowed('https://a.example', ['https://a.example'])).toBe(true);
    expect(originAllowed('https://evil.example', ['https://a.example'])).toBe(false);
    expect(originAllowed('https://a.example', [])).toBe(false);
  });

  it('validates every request type', () => {
    expect(
      validateEmbedMessage({ k8sExplorer: 1, id: 'a', type: 'apply', yaml: 'kind: Pod' }),
    ).toEqual({
      ok: true,
      request: { type: 'apply', id: 'a', yaml: 'kind: Pod' },
    });
    expect(validateEmbedMessage({ k8sExplorer: 1, type: 'seek', atMs: 1500.7 })).toEqual({
      ok: true,
      request: { type: 'seek', atMs: 1500 },
    });
    expect(
      validateEmbedMessage({ k8sExplorer: 1, type: 'subscribe', events: ['clock', 'clock'] }),
    ).toEqual({
      ok: true,
      request: { type: 'subscribe', events: ['clock'] },
    });
  });

  it('ignores foreign messages and rejects malformed or unknown ones with a reason', () => {
    expect(validateEmbedMessage('hello')).toEqual({ ok: false, ignore: true });
    expect(validateEmbedMessage({ type: 'apply' })).toEqual({ ok: false, ignore: true });
    expect(validateEmbedMessage({ k8sExplorer: 1, id: 'x', type: 'rm -rf' })).toEqual({
      ok: false,
      id: 'x',
      error: 'unknown message type "rm -rf"',
    });
    expect(validateEmbedMessage({ k8sExplorer: 2, type: 'play' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('unsupported protocol'),
    });
    expect(validateEmbedMessage({ k8sExplorer: 1, type: 'seek', atMs: 'soon' })).toMatchObject({
      ok: false,
    });
    expect(validateEmbedMessage({ k8sExplorer: 1, type: 'apply', yaml: 42 })).toMatchObject({
      ok: false,
    });
    expect(
      validateEmbedMessage({ k8sExplorer: 1, type: 'subscribe', events: ['everything'] }),
    ).toMatchObject({ ok: false });
    expect(
      validateEmbedMessage({ k8sExplorer: 1, id: { evil: true }, type: 'play' }),
    ).toMatchObject({ ok: false });
  });
});

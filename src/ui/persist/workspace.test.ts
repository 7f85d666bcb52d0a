import { describe, expect, it } from 'vitest';
import { makeWorkspace, parseWorkspace } from './workspace';

describe('parseWorkspace', () => {
  it('round-trips what makeWorkspace builds', () => {
    const ws = makeWorkspace([{ name: 'a.yaml', text: 'kind: Pod\n' }], 'a.yaml', ['get pods'], {
      setup: { workers: 2 },
      journal: [{ atMs: 5, type: 'sim', op: { op: 'add-node' } }],
      nowMs: 1200,
    });
    expect(parseWorkspace(JSON.parse(JSON.stringify(ws)))).toEqual(ws);
  });

  it('refuses other files and damaged clusters with a sentence', () => {
    expect(parseWorkspace({ kind: 'Pod' })).toBe('not a k8s-explorer workspace file');
    expect(parseWorkspace({ format: 'k8s-explorer-workspace', version: 9, files: [] })).toMatch(
      /unsupported workspace version 9/,
    );
    expect(
      parseWorkspace({
        format: 'k8s-explorer-workspace',
        version: 1,
        files: [],
        cluster: { journal: [], nowMs: -1 },
      }),
    ).toMatch(/damaged/);
    expect(
      parseWorkspace({ format: 'k8s-explorer-workspace', version: 1, files: [{ name: 3 }] }),
    ).toMatch(/no name or text/);
  });

  it('makes file names safe for tabs and drops non-string history', () => {
    const ws = parseWorkspace({
      format: 'k8s-explorer-workspace',
      version: 1,
      files: [{ name: 'my app/x.yaml', text: '' }],
      history: ['get pods', 7],
    });
    expect(typeof ws === 'string' ? ws : [ws.files[0].name, ws.history]).toEqual([
      'my-app-x.yaml',
      ['get pods'],
    ]);
  });
});

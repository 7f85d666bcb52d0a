import { describe, expect, it } from 'vitest';
import type { TrafficResult } from '../../sim/network/traffic';
import { hopElements } from './live-effects';

describe('hopElements', () => {
  it('maps each hop of a trace to the drawn elements it passes', () => {
    const result: TrafficResult = {
      at: 0,
      request: { from: { external: true }, to: 'ingress/default/shop' },
      hops: [
        { kind: 'client', text: 'client' },
        { kind: 'ingress-controller', text: 'ingress-nginx' },
        { kind: 'service', service: 'default/web', text: 'service VIP' },
        { kind: 'kube-proxy', node: 'worker-2', text: 'DNAT' },
        { kind: 'pod', pod: 'default/web-1', node: 'worker-2', text: 'answers' },
      ],
      outcome: {
        ok: true,
        namespace: 'default',
        pod: 'web-1',
        node: 'worker-2',
        ip: '10.244.2.3',
        port: 80,
        status: 200,
      },
    };
    expect(result.hops.map((hop) => hopElements(hop, result))).toEqual([
      [],
      ['ingress/default/shop'],
      ['service/default/web'],
      ['node/worker-2'],
      ['pod/default/web-1', 'node/worker-2'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { cidrContains, evaluateNetworkPolicies, policyTypes } from './network-policy.ts';

const pod = (ns: string, name: string, labels: Record<string, string>, ip: string) => ({
  ip,
  pod: {
    metadata: { namespace: ns, name, labels },
    spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
  } as Pod,
});
const namespaces = new Map<string, Namespace>([
  [
    'shop',
    { metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'shop' } } },
  ],
  [
    'ingress-nginx',
    {
      metadata: {
        name: 'ingress-nginx',
        labels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
      },
    },
  ],
]);
const policy = (name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({
  metadata: { name, namespace: 'shop' },
  spec,
});

describe('NetworkPolicy', () => {
  const web = pod('shop', 'web', { app: 'web' }, '10.244.1.5');
  const nginx = pod('ingress-nginx', 'ctrl', { app: 'nginx' }, '10.244.2.9');
  const other = pod('shop', 'batch', { app: 'batch' }, '10.244.3.3');

  it('defaults policyTypes and matches CIDRs', () => {
    expect(policyTypes(policy('p', { podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypes(policy('p', { podSelector: {}, egress: [] }))).toEqual([
      'Ingress',
      'Egress',
    ]);
    expect(cidrContains('10.0.0.0/8', '10.244.1.5')).toBe(true);
    expect(cidrContains('192.168.0.0/16', '10.244.1.5')).toBe(false);
  });

  it('allows from a namespace by label, on a named port, and denies the rest naming the policy', () => {
    const policies = [
      policy('allow-ingress-nginx', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
                },
              },
            ],
            ports: [{ port: 'http' }],
          },
        ],
      }),
    ];
    expect(evaluateNetworkPolicies(policies, namespaces, nginx, web, 8080).allowed).toBe(true);
    expect(evaluateNetworkPolicies(policies, namespaces, nginx, web, 9090).allowed).toBe(false);
    const denied = evaluateNetworkPolicies(policies, namespaces, other, web, 8080);
    expect(denied).toMatchObject({
      allowed: false,
      direction: 'ingress',
      policies: ['shop/allow-ingress-nginx'],
    });
    // batch is not selected: open.
    expect(evaluateNetworkPolicies(policies, namespaces, web, other, 8080).allowed).toBe(true);
  });

  it('ipBlock with except, and egress default deny', () => {
    const policies = [
      policy('egress-dns-only', {
        podSelector: { matchLabels: { app: 'batch' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.96.0.0/12', except: ['10.96.0.1/32'] } }] }],
      }),
    ];
    expect(
      evaluateNetworkPolicies(policies, namespaces, other, { ip: '10.96.0.10' }, 53).allowed,
    ).toBe(true);
    expect(
      evaluateNetworkPolicies(policies, namespaces, other, { ip: '10.96.0.1' }, 443).allowed,
    ).toBe(false);
    const r = evaluateNetworkPolicies(policies, namespaces, other, web, 8080);
    expect(r.reason).toBe(
      'denied by NetworkPolicy "shop/egress-dns-only" (egress: no rule allows this connection)',
    );
  });
});

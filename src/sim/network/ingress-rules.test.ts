import { describe, expect, it } from 'vitest';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { hostMatches, matchIngress, prefixMatches } from './ingress-rules.ts';

const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
const ingress = (name: string, spec: Ingress['spec']): Ingress => ({
  metadata: { name, namespace: 'default' },
  spec,
});

describe('ingress rules', () => {
  it('Prefix matches whole path elements', () => {
    expect(prefixMatches('/api', '/api')).toBe(true);
    expect(prefixMatches('/api', '/api/users')).toBe(true);
    expect(prefixMatches('/api/', '/api')).toBe(true);
    expect(prefixMatches('/api', '/apix')).toBe(false);
    expect(prefixMatches('/', '/anything')).toBe(true);
    expect(hostMatches('*.example.com', 'shop.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'a.shop.example.com')).toBe(false);
  });

  it('longest path wins, Exact before Prefix, hosts before catch-all, default backend last', () => {
    const ings = [
      ingress('a', {
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: backend('root') },
                { path: '/api', pathType: 'Prefix', backend: backend('api') },
                { path: '/api', pathType: 'Exact', backend: backend('api-exact') },
                { path: '/api/v2', pathType: 'ImplementationSpecific', backend: backend('v2') },
              ],
            },
          },
        ],
      }),
      ingress('b', {
        defaultBackend: backend('fallback'),
        rules: [
          { http: { paths: [{ path: '/other', pathType: 'Prefix', backend: backend('other') }] } },
        ],
      }),
    ];
    const pick = (host: string, path: string) =>
      matchIngress(ings, host, path)?.route.backend.service?.name;
    expect(pick('shop.example.com', '/api')).toBe('api-exact');
    expect(pick('shop.example.com', '/api/users')).toBe('api');
    expect(pick('shop.example.com', '/api/v2/x')).toBe('v2');
    expect(pick('shop.example.com', '/other')).toBe('root');
    expect(pick('unknown.example.com', '/other')).toBe('other');
    expect(pick('unknown.example.com', '/nothing')).toBe('fallback');
    expect(matchIngress([ings[0]], 'unknown', '/')).toBeUndefined();
  });
});

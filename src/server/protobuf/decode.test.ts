import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, messageType } from './decode.ts';

// A minimal protobuf writer for the test inputs.
function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const tag = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const str = (field: number, s: string | Buffer) => {
  const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  return [...tag(field, 2), ...varint(BigInt(bytes.length)), ...bytes];
};
const msg = (field: number, body: number[]) => str(field, Buffer.from(body));
const int = (field: number, n: number) => [...tag(field, 0), ...varint(BigInt(n))];
const envelope = (apiVersion: string, kind: string, raw: number[]) =>
  Buffer.from([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...msg(1, [...str(1, apiVersion), ...str(2, kind)]),
    ...msg(2, raw),
    ...str(3, ''),
    ...str(4, ''),
  ]);

// What go-to-protobuf writes for an ObjectMeta with only a name: every non-pointer field, empty.
const objectMeta = (name: string, namespace = '') => [
  ...str(1, name),
  ...str(2, ''),
  ...str(3, namespace),
  ...str(5, ''),
  ...str(6, ''),
  ...int(7, 0),
  ...msg(8, [...int(1, -62135596800), ...int(2, 0)]),
];

describe('decodeKubernetesProtobuf', () => {
  it('decodes a ConfigMap as kubectl create configmap sends it', () => {
    const entry = (k: string, v: string) => msg(2, [...str(1, k), ...str(2, v)]);
    const body = envelope('v1', 'ConfigMap', [
      ...msg(1, objectMeta('settings', 'demo')),
      ...entry('a', '1'),
      ...entry('empty', ''),
    ]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'demo' },
      data: { a: '1', empty: '' },
    });
  });

  it('decodes nested messages, repeated fields, quantities, int-or-strings and bytes', () => {
    const quantity = (q: string) => str(1, q);
    const container = [
      ...str(1, 'app'),
      ...str(2, 'nginx:1.27'),
      ...msg(8, [...msg(1, [...str(1, 'cpu'), ...msg(2, quantity('100m'))])]),
      ...msg(6, [...int(3, 80), ...str(4, 'TCP')]),
      ...msg(6, [...int(3, 443), ...str(4, 'TCP')]),
    ];
    const podTemplate = [...msg(1, objectMeta('')), ...msg(2, [...msg(2, container)])];
    const strategy = [
      ...str(1, 'RollingUpdate'),
      ...msg(2, [
        ...msg(1, [...int(1, 1), ...str(3, '25%')]),
        ...msg(2, [...int(1, 0), ...int(2, 1)]),
      ]),
    ];
    const spec = [...int(1, 0), ...msg(3, podTemplate), ...msg(4, strategy)];
    const decoded = decodeKubernetesProtobuf(
      envelope('apps/v1', 'Deployment', [...msg(1, objectMeta('web')), ...msg(2, spec)]),
    );
    expect(decoded.spec).toEqual({
      replicas: 0,
      template: {
        metadata: {},
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.27',
              ports: [
                { containerPort: 80, protocol: 'TCP' },
                { containerPort: 443, protocol: 'TCP' },
              ],
              resources: { limits: { cpu: '100m' } },
            },
          ],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
    });
    const secret = decodeKubernetesProtobuf(
      envelope('v1', 'Secret', [
        ...msg(1, objectMeta('s')),
        ...msg(2, [...str(1, 'k'), ...str(2, Buffer.from('s3cret'))]),
        ...str(3, 'Opaque'),
      ]),
    );
    expect(secret).toMatchObject({
      data: { k: Buffer.from('s3cret').toString('base64') },
      type: 'Opaque',
    });
  });

  it('decodes negative numbers and timestamps', () => {
    const time = [...int(1, 1767225600), ...int(2, 0)];
    const condition = [...str(1, 'Ready'), ...str(2, 'True'), ...msg(7, time)];
    const decoded = decodeKubernetesProtobuf(
      envelope('apps/v1', 'Deployment', [
        ...msg(1, objectMeta('x')),
        ...msg(2, int(1, -1)),
        ...msg(3, msg(6, condition)),
      ]),
    );
    expect((decoded.spec as { replicas: number }).replicas).toBe(-1);
    expect(decoded.status).toEqual({
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    });
  });

  it('maps group versions to protobuf messages', () => {
    expect(messageType('policy/v1', 'Eviction')).toBe('k8s.io.api.policy.v1.Eviction');
    expect(messageType('rbac.authorization.k8s.io/v1', 'Role')).toBe('k8s.io.api.rbac.v1.Role');
    expect(messageType('meta.k8s.io/v1', 'DeleteOptions')).toBe(
      'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    );
    expect(messageType('example.com/v1', 'Shirt')).toBeUndefined();
  });

  it('rejects bodies without the prefix or of unknown kinds', () => {
    expect(() => decodeKubernetesProtobuf(Buffer.from('{}'))).toThrow(
      'missing the k8s protobuf prefix',
    );
    expect(() => decodeKubernetesProtobuf(envelope('example.com/v1', 'Shirt', []))).toThrow(
      'no protobuf schema for example.com/v1, Kind=Shirt',
    );
    expect(() =>
      decodeKubernetesProtobuf(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x50])),
    ).toThrow('truncated field');
  });
});

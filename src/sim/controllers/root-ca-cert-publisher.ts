/**
 * The root CA publisher (pkg/controller/certificates/rootcacertpublisher/publisher.go): a ConfigMap
 * `kube-root-ca.crt` with the cluster CA bundle under `ca.crt` in every namespace, restored when
 * deleted or edited. The simulated cluster has no real PKI: the bundle is a fixed, well-formed
 * placeholder PEM block.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ControllerContext } from './context.ts';
import { jsonEqual } from './util.ts';

const USER = 'root-ca-cert-publisher';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** A placeholder CA certificate (PEM framing, base64 body), the same in every simulated cluster. */
export const SIMULATED_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIU2ltdWxhdGVkMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV',
  'BAMTCmt1YmVybmV0ZXMwHhcNMjYwMTAxMDAwMDAwWhcNMzUxMjMwMDAwMDAwWjAV',
  'MRMwEQYDVQQDEwprdWJlcm5ldGVzMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB',
  'CgKCAQEAazhzLWV4cGxvcmVyIHNpbXVsYXRlZCBjbHVzdGVyIENBIG5vdCBhIHJl',
  'YWwga2V5IGs4cy1leHBsb3JlciBzaW11bGF0ZWQgY2x1c3RlciBDQSBub3QgYSBy',
  'ZWFsIGtleQIDAQABo1kwVzAOBgNVHQ8BAf8EBAMCAqQwDwYDVR0TAQH/BAUwAwEB',
  '/zAdBgNVHQ4EFgQUazhzLWV4cGxvcmVyLWNhLTAwMTAVBgNVHREEDjAMggprdWJl',
  'cm5ldGVzMA0GCSqGSIb3DQEBCwUAA4IBAQBzaW11bGF0ZWQ=',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

/** Starts the root CA publisher. */
export function startRootCaCertPublisher(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const namespaces = ctx.informers.for<KubeObject>('v1', 'namespaces');
  const configMaps = ctx.informers.for<KubeObject>('v1', 'configmaps');
  const queue = ctx.queue(USER, sync);
  const data = { 'ca.crt': SIMULATED_CA_PEM };
  namespaces.on({
    add: (ns) => queue.add(ns.metadata?.name ?? ''),
    update: (_o, ns) => queue.add(ns.metadata?.name ?? ''),
  });
  const onConfigMap = (cm: KubeObject) => {
    if (cm.metadata?.name === ROOT_CA_CONFIGMAP) queue.add(cm.metadata.namespace ?? '');
  };
  configMaps.on({ update: (_o, cm) => onConfigMap(cm), delete: onConfigMap });

  function sync(namespace: string): void {
    const ns = namespaces.get(namespace);
    if (!ns || ns.metadata?.deletionTimestamp) return;
    if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    const cm = configMaps.get(`${namespace}/${ROOT_CA_CONFIGMAP}`);
    const path = apiPath('v1', 'configmaps', namespace);
    if (!cm) {
      const res = client.create(path, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: ROOT_CA_CONFIGMAP,
          namespace,
          annotations: { 'kubernetes.io/description': DESCRIPTION },
        },
        data,
      });
      if (!res.ok && res.status.code !== 409 && res.status.code !== 403)
        queue.addRateLimited(namespace);
      return;
    }
    if (
      jsonEqual(cm.data, data) &&
      cm.metadata?.annotations?.['kubernetes.io/description'] === DESCRIPTION
    )
      return;
    client.patch(apiPath('v1', 'configmaps', namespace, ROOT_CA_CONFIGMAP), {
      metadata: { annotations: { 'kubernetes.io/description': DESCRIPTION } },
      data: {
        ...data,
        ...Object.fromEntries(
          Object.keys((cm.data as Record<string, string>) ?? {})
            .filter((k) => k !== 'ca.crt')
            .map((k) => [k, null]),
        ),
      },
    });
  }
}

/**
 * Describing Services, Nodes, Namespaces, ConfigMaps, Secrets and anything else (describe.go
 * `describeService`, `describeNode`, `describeNamespace`, ConfigMapDescriber, `describeSecret`,
 * `genericDescriber`).
 */
import type { KubeObject } from '../../../sim/api/types';
import { translateTimestampSince } from '../duration';
import { formatLabels } from '../printers';
import { formatResource, parseQuantity } from '../quantity';
import {
  DescribeWriter,
  rfc1123z,
  writeAnnotations,
  writeEvents,
  writeLabels,
  writeTaints,
} from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any -- describers walk loosely typed JSON objects */
type Json = any;

/** formatEndpointSlices for one service port name. */
function endpointsFor(slices: Json[] | undefined, portName: string): string {
  if (!slices || slices.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const s of slices) {
    for (const p of s.ports ?? []) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of s.endpoints ?? []) {
        if (list.length === 3) more = true;
        if (e.conditions?.ready === false) continue;
        if (!more) list.push(`${e.addresses?.[0]}:${p.port}`);
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - 3} more...` : ret;
}

/** describeService. */
export function describeService(
  svc: Json,
  slices: Json[] | undefined,
  events: KubeObject[] | undefined,
  nowMs: number,
): string {
  const w = new DescribeWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata?.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata?.namespace}\n`);
  writeLabels(w, 'Labels', svc.metadata?.labels);
  writeAnnotations(w, 'Annotations', svc.metadata?.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length)
    w.write(
      0,
      `LoadBalancer Ingress:\t${ingress.map((i: Json) => i.ip || i.hostname).join(', ')}\n`,
    );
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${p.port}/${proto}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${proto}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    w.write(0, `Endpoints:\t${endpointsFor(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy)
    w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy)
    w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  writeEvents(w, events, nowMs);
  return w.toString();
}

function podTotals(pod: Json): { req: Record<string, number>; lim: Record<string, number> } {
  const req: Record<string, number> = {};
  const lim: Record<string, number> = {};
  const add = (into: Record<string, number>, from: Record<string, string> | undefined) => {
    for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + parseQuantity(v);
  };
  for (const c of pod.spec?.containers ?? []) {
    add(req, c.resources?.requests ?? c.resources?.limits);
    add(lim, c.resources?.limits);
  }
  // Init containers run one at a time: the pod needs the max of them and the sum of the rest.
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.requests ?? {}) as Record<string, string>))
      req[k] = Math.max(req[k] ?? 0, parseQuantity(v));
    for (const [k, v] of Object.entries((c.resources?.limits ?? {}) as Record<string, string>))
      lim[k] = Math.max(lim[k] ?? 0, parseQuantity(v));
  }
  return { req, lim };
}

const pct = (v: number, total: number) => (total > 0 ? Math.trunc((v / total) * 100) : 0);

/** describeNode (with its lease and non-terminated pods). */
export function describeNode(
  node: Json,
  pods: Json[],
  lease: Json | undefined,
  events: KubeObject[] | undefined,
  nowMs: number,
): string {
  const w = new DescribeWriter();
  const labels: Record<string, string> = node.metadata?.labels ?? {};
  const roles = [
    ...new Set(
      Object.entries(labels).flatMap(([k, v]) =>
        k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length
          ? [k.slice('node-role.kubernetes.io/'.length)]
          : k === 'kubernetes.io/role' && v
            ? [v]
            : [],
      ),
    ),
  ].sort();
  w.write(0, `Name:\t${node.metadata?.name}\n`);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  writeLabels(w, 'Labels', labels);
  writeAnnotations(w, 'Annotations', node.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
  writeTaints(w, 'Taints', node.spec?.taints);
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  w.write(0, 'Lease:\n');
  w.write(0, `  HolderIdentity:\t${lease?.spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(
    0,
    `  AcquireTime:\t${lease?.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`,
  );
  w.write(
    0,
    `  RenewTime:\t${lease?.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`,
  );
  const st = node.status ?? {};
  if (st.conditions?.length) {
    w.write(
      0,
      'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
    );
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) {
      w.write(
        1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const resourceList = (title: string, list: Record<string, string> | undefined) => {
    if (!list || Object.keys(list).length === 0) return;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(list).sort()) w.write(0, `  ${k}:\t${list[k]}\n`);
  };
  resourceList('Capacity', st.capacity);
  resourceList('Allocatable', st.allocatable);
  const info = st.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  for (const [label, key] of [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
    ['Kube-Proxy Version', 'kubeProxyVersion'],
  ]) {
    w.write(0, `  ${label}:\t${info[key] ?? ''}\n`);
  }
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const alloc: Record<string, string> =
    st.allocatable && Object.keys(st.allocatable).length ? st.allocatable : (st.capacity ?? {});
  const total = (r: string) => parseQuantity(alloc[r]);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const sums = { req: {} as Record<string, number>, lim: {} as Record<string, number> };
  for (const pod of pods) {
    const { req, lim } = podTotals(pod);
    for (const [k, v] of Object.entries(req)) sums.req[k] = (sums.req[k] ?? 0) + v;
    for (const [k, v] of Object.entries(lim)) sums.lim[k] = (sums.lim[k] ?? 0) + v;
    const cell = (r: string, m: Record<string, number>) =>
      `${formatResource(r, m[r] ?? 0)} (${pct(m[r] ?? 0, total(r))}%)`;
    w.write(
      1,
      `${pod.metadata?.namespace}\t${pod.metadata?.name}\t\t${cell('cpu', req)}\t${cell('cpu', lim)}\t${cell('memory', req)}\t${cell('memory', lim)}\t${translateTimestampSince(pod.metadata?.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(
    0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const rq = sums.req[r] ?? 0;
    const lm = sums.lim[r] ?? 0;
    w.write(
      1,
      `${r}\t${formatResource(r, rq)} (${pct(rq, total(r))}%)\t${formatResource(r, lm)} (${pct(lm, total(r))}%)\n`,
    );
  }
  for (const r of Object.keys(alloc)
    .filter((k) => k.startsWith('hugepages-'))
    .sort()) {
    w.write(1, `${r}\t0 (0%)\t0 (0%)\n`);
  }
  writeEvents(w, events, nowMs);
  return w.toString();
}

/**
 * describeNamespace. Quotas and limit ranges print "No resource quota." / "No LimitRange resource."
 * when those resources are served but empty, and nothing when the server does not serve them.
 */
export function describeNamespace(
  ns: Json,
  quotas: Json[] | undefined,
  limitRanges: Json[] | undefined,
): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${ns.metadata?.name}\n`);
  writeLabels(w, 'Labels', ns.metadata?.labels);
  writeAnnotations(w, 'Annotations', ns.metadata?.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  if (quotas)
    w.write(
      0,
      quotas.length === 0
        ? '\nNo resource quota.\n'
        : `\nResource Quotas\n${quotas.map((q) => ` Name:\t${q.metadata?.name}\n`).join('')}`,
    );
  if (limitRanges)
    w.write(
      0,
      limitRanges.length === 0
        ? '\nNo LimitRange resource.\n'
        : `\nResource Limits\n${limitRanges.map((l) => ` Name:\t${l.metadata?.name}\n`).join('')}`,
    );
  return w.toString();
}

/** ConfigMapDescriber (keys in Go map order are random upstream; sorted here). */
export function describeConfigMap(
  cm: Json,
  events: KubeObject[] | undefined,
  nowMs: number,
): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${cm.metadata?.name}\n`);
  w.write(0, `Namespace:\t${cm.metadata?.namespace}\n`);
  writeLabels(w, 'Labels', cm.metadata?.labels);
  writeAnnotations(w, 'Annotations', cm.metadata?.annotations);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(cm.data ?? {}).sort()) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${cm.data[k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const k of Object.keys(cm.binaryData ?? {}).sort())
    w.write(0, `${k}: ${Math.floor((String(cm.binaryData[k]).length * 3) / 4)} bytes\n`);
  w.write(0, '\n');
  writeEvents(w, events, nowMs);
  return w.toString();
}

function base64Length(b64: string): number {
  const s = b64.replace(/\s/g, '');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

/** describeSecret: values are never shown, only their sizes. */
export function describeSecret(secret: Json): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${secret.metadata?.name}\n`);
  w.write(0, `Namespace:\t${secret.metadata?.namespace}\n`);
  writeLabels(w, 'Labels', secret.metadata?.labels);
  writeAnnotations(w, 'Annotations', secret.metadata?.annotations);
  w.write(0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(secret.data ?? {}).sort())
    w.write(0, `${k}:\t${base64Length(String(secret.data[k]))} bytes\n`);
  return w.toString();
}

function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  const parts = field.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  return parts
    .map((p) =>
      ['API', 'URL', 'UID', 'OSB', 'GUID'].includes(p.toUpperCase())
        ? p.toUpperCase()
        : p.charAt(0).toUpperCase() + p.slice(1),
    )
    .join(' ');
}

function unstructured(
  w: DescribeWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: string[],
): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const expr = `${prefix}.${field}`;
    if (skip.includes(expr)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child))
          unstructured(w, level + 1, child as Record<string, unknown>, expr, skip);
        else w.write(level + 1, `${String(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabel(field)}:\n`);
      unstructured(w, level + 1, value as Record<string, unknown>, expr, skip);
    } else w.write(level, `${smartLabel(field)}:\t${value === null ? '<nil>' : String(value)}\n`);
  }
}

/** genericDescriber: every field, labelled in Title Case. */
export function describeGeneric(
  obj: KubeObject,
  events: KubeObject[] | undefined,
  nowMs: number,
): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
  writeLabels(w, 'Labels', obj.metadata?.labels);
  writeAnnotations(w, 'Annotations', obj.metadata?.annotations);
  unstructured(w, 0, obj as Record<string, unknown>, '', [
    '.metadata.managedFields',
    '.metadata.name',
    '.metadata.namespace',
    '.metadata.labels',
    '.metadata.annotations',
  ]);
  writeEvents(w, events, nowMs);
  return w.toString();
}

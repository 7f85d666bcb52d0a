/**
 * Services (pkg/registry/core/service/storage, pkg/apis/core/v1/defaults.go SetDefaults_Service,
 * pkg/apis/core/validation ValidateService): type ClusterIP, TCP, targetPort = port,
 * sessionAffinity None, traffic policies, a ClusterIP from the service CIDR and NodePorts for
 * NodePort/LoadBalancer; an update that omits allocated values keeps them (patchAllocatedValues).
 */
import type { KubeObject } from '../../api/types.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError } from '../status.ts';
import { isObject } from '../object-util.ts';
import { IMMUTABLE_MSG, isDnsLabel, DNS1123_LABEL_MSG, setDefault } from './validation-util.ts';

type Obj = Record<string, unknown>;
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function spec(obj: KubeObject): Obj {
  if (!isObject(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

function ports(s: Obj): Obj[] {
  return (Array.isArray(s.ports) ? s.ports : []).filter(isObject) as Obj[];
}

function usesNodePorts(type: unknown): boolean {
  return type === 'NodePort' || type === 'LoadBalancer';
}

function isHeadless(s: Obj): boolean {
  return s.clusterIP === 'None';
}

export const serviceStrategy: Strategy = {
  defaults(obj) {
    const s = spec(obj);
    setDefault(s, 'type', 'ClusterIP');
    setDefault(s, 'sessionAffinity', 'None');
    if (s.sessionAffinity === 'ClientIP') {
      const cfg = s.sessionAffinityConfig as Obj | undefined;
      if (!isObject(cfg) || !isObject(cfg.clientIP))
        s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
    for (const p of ports(s)) {
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
    }
    if (s.type !== 'ExternalName') setDefault(s, 'internalTrafficPolicy', 'Cluster');
    if (usesNodePorts(s.type)) setDefault(s, 'externalTrafficPolicy', 'Cluster');
    if (s.type === 'LoadBalancer') setDefault(s, 'allocateLoadBalancerNodePorts', true);
    if (obj.status === undefined) obj.status = { loadBalancer: {} };
  },
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    // patchAllocatedValues: an update that leaves allocated fields out keeps them.
    const s = spec(obj);
    const o = (old.spec ?? {}) as Obj;
    if (s.type !== 'ExternalName' && o.type !== 'ExternalName') {
      if (s.clusterIP === undefined || s.clusterIP === '') {
        if (o.clusterIP !== undefined) s.clusterIP = o.clusterIP;
        if (o.clusterIPs !== undefined && s.clusterIPs === undefined) s.clusterIPs = o.clusterIPs;
      }
      if (s.ipFamilies === undefined && o.ipFamilies !== undefined) s.ipFamilies = o.ipFamilies;
      if (s.ipFamilyPolicy === undefined && o.ipFamilyPolicy !== undefined)
        s.ipFamilyPolicy = o.ipFamilyPolicy;
    }
    if (usesNodePorts(s.type) && usesNodePorts(o.type)) {
      const oldPorts = ports(o);
      for (const p of ports(s)) {
        if (p.nodePort !== undefined && p.nodePort !== 0) continue;
        const match = oldPorts.find(
          (op) => op.port === p.port && (op.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
        );
        if (match?.nodePort !== undefined) p.nodePort = match.nodePort;
      }
    }
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const s = (obj.spec ?? {}) as Obj;
    if (!TYPES.includes(s.type as string)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'spec.type',
        value: s.type,
        detail: `supported values: ${TYPES.map((t) => `"${t}"`).join(', ')}`,
      });
      return errors;
    }
    const list = ports(s);
    if (s.type === 'ExternalName') {
      if (!s.externalName) errors.push({ type: 'FieldValueRequired', field: 'spec.externalName' });
    } else if (list.length === 0 && !isHeadless(s)) {
      errors.push({ type: 'FieldValueRequired', field: 'spec.ports' });
    }
    const names = new Set<string>();
    list.forEach((p, i) => {
      const path = `spec.ports[${i}]`;
      if (list.length > 1 && !p.name)
        errors.push({ type: 'FieldValueRequired', field: `${path}.name` });
      if (typeof p.name === 'string' && p.name) {
        if (!isDnsLabel(p.name))
          errors.push({
            type: 'FieldValueInvalid',
            field: `${path}.name`,
            value: p.name,
            detail: DNS1123_LABEL_MSG,
          });
        if (names.has(p.name))
          errors.push({ type: 'FieldValueDuplicate', field: `${path}.name`, value: p.name });
        names.add(p.name);
      }
      if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}.port`,
          value: p.port,
          detail: 'must be between 1 and 65535, inclusive',
        });
      }
      if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol as string)) {
        errors.push({
          type: 'FieldValueNotSupported',
          field: `${path}.protocol`,
          value: p.protocol,
          detail: 'supported values: "SCTP", "TCP", "UDP"',
        });
      }
      if (typeof p.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535)) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}.targetPort`,
          value: p.targetPort,
          detail: 'must be between 1 and 65535, inclusive',
        });
      }
      if (p.nodePort !== undefined && p.nodePort !== 0 && !usesNodePorts(s.type)) {
        errors.push({
          type: 'FieldValueForbidden',
          field: `${path}.nodePort`,
          detail: `may not be used when \`type\` is '${String(s.type)}'`,
        });
      }
    });
    if (
      s.sessionAffinity !== undefined &&
      !['None', 'ClientIP'].includes(s.sessionAffinity as string)
    ) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'spec.sessionAffinity',
        value: s.sessionAffinity,
        detail: 'supported values: "ClientIP", "None"',
      });
    }
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = serviceStrategy.validate?.(obj, {} as StrategyContext) ?? [];
    const s = (obj.spec ?? {}) as Obj;
    const o = (old.spec ?? {}) as Obj;
    const switching = s.type === 'ExternalName' || o.type === 'ExternalName';
    if (!switching && o.clusterIP !== undefined && s.clusterIP !== o.clusterIP) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        value: [String(s.clusterIP ?? '')],
        detail: 'may not change once set',
      });
    }
    void IMMUTABLE_MSG;
    return errors;
  },
  allocate(obj, old, ctx) {
    const errors: FieldError[] = [];
    const s = spec(obj);
    const o = (old?.spec ?? {}) as Obj;
    const taken: string[] = [];
    const takenPorts: number[] = [];
    if (s.type !== 'ExternalName' && !isHeadless(s)) {
      if (!old || o.type === 'ExternalName' || o.clusterIP !== s.clusterIP) {
        const ip = ctx.allocators.allocateClusterIP(
          s.clusterIP ? String(s.clusterIP) : undefined,
          'spec.clusterIPs',
        );
        if (typeof ip === 'string') {
          s.clusterIP = ip;
          taken.push(ip);
        } else errors.push(ip);
      }
    }
    if (s.type === 'ExternalName') {
      delete s.clusterIP;
      delete s.clusterIPs;
    } else {
      s.clusterIPs = [s.clusterIP];
      setDefault(s, 'ipFamilies', ['IPv4']);
      setDefault(s, 'ipFamilyPolicy', 'SingleStack');
    }
    if (usesNodePorts(s.type)) {
      const oldPorts = new Set(
        usesNodePorts(o.type) ? ports(o).map((p) => p.nodePort as number) : [],
      );
      ports(s).forEach((p, i) => {
        const wanted = typeof p.nodePort === 'number' && p.nodePort !== 0 ? p.nodePort : undefined;
        if (wanted !== undefined && oldPorts.has(wanted)) return;
        const port = ctx.allocators.allocateNodePort(wanted, `spec.ports[${i}].nodePort`);
        if (typeof port === 'number') {
          p.nodePort = port;
          takenPorts.push(port);
        } else errors.push(port);
      });
    } else {
      for (const p of ports(s)) delete p.nodePort;
    }
    if (errors.length > 0) {
      for (const ip of taken) ctx.allocators.releaseClusterIP(ip);
      for (const port of takenPorts) ctx.allocators.releaseNodePort(port);
    } else if (old && !ctx.dryRun) {
      // Release what the old version held and the new one dropped.
      if (o.clusterIP && o.clusterIP !== 'None' && o.clusterIP !== s.clusterIP)
        ctx.allocators.releaseClusterIP(String(o.clusterIP));
      const keep = new Set(ports(s).map((p) => p.nodePort));
      for (const p of ports(o))
        if (typeof p.nodePort === 'number' && !keep.has(p.nodePort))
          ctx.allocators.releaseNodePort(p.nodePort);
    }
    return errors;
  },
  release(obj, old, ctx) {
    // After a delete (old undefined) or a dry run / failed write: give back what `obj` holds beyond `old`.
    const s = (obj.spec ?? {}) as Obj;
    const o = (old?.spec ?? {}) as Obj;
    if (typeof s.clusterIP === 'string' && s.clusterIP !== 'None' && s.clusterIP !== o.clusterIP)
      ctx.allocators.releaseClusterIP(s.clusterIP);
    const keep = new Set(ports(o).map((p) => p.nodePort));
    for (const p of ports(s))
      if (typeof p.nodePort === 'number' && !keep.has(p.nodePort))
        ctx.allocators.releaseNodePort(p.nodePort);
  },
};

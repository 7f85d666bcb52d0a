/**
 * The rules kube-proxy in iptables mode programs on a node (pkg/proxy/iptables/proxier.go
 * `syncProxyRules`), as data: per service port a KUBE-SVC-<hash> chain that picks one KUBE-SEP-<hash>
 * endpoint chain with `-m statistic --mode random --probability 1/(n-i)` (the last rule
 * unconditional), NodePorts in KUBE-NODEPORTS, LoadBalancer/external IPs through KUBE-EXT-<hash>,
 * ClientIP session affinity with the `recent` module, and REJECT rules in the filter table for
 * services without endpoints. `iptablesSave` prints the table the way `iptables-save` shows it.
 */
import { base32, sha256 } from './hash.ts';
import type { ProxyEndpoint, ProxyServicePort, ProxyTable } from './proxy-table.ts';

/** One iptables rule, in iptables-save's canonical field order. */
export interface IptablesRule {
  table: 'filter' | 'nat';
  chain: string;
  source?: string;
  notSource?: string;
  destination?: string;
  protocol?: string;
  comment?: string;
  /** Further matches, e.g. `['-m', 'tcp', '--dport', '80']`. */
  matches?: string[];
  jump: string;
  jumpArgs?: string[];
}

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
/** Default `service.spec.sessionAffinityConfig.clientIP.timeoutSeconds` (3 hours). */
export const DEFAULT_STICKY_SECONDS = 10_800;
/** The cluster CIDR the local-traffic detector uses (kubeadm/kind pod subnet). */
export const CLUSTER_CIDR = '10.244.0.0/16';

/** First 16 base32 characters of sha256(servicePortName + protocol) (portProtoHash). */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol);
}

/** Chain-name hashes are recomputed on every sync of every node: remember them. */
const hashCache = new Map<string, string>();
function hash16(text: string): string {
  let h = hashCache.get(text);
  if (h === undefined) {
    if (hashCache.size > 200_000) hashCache.clear();
    h = base32(sha256(text)).slice(0, 16);
    hashCache.set(text, h);
  }
  return h;
}

/** `KUBE-SEP-` + hash of ServicePortName, protocol and `ip:port` (servicePortEndpointChainName). */
export function endpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return 'KUBE-SEP-' + hash16(servicePortName + protocol + endpoint);
}

/** The probability kube-proxy writes for the i-th of n rules: `%0.10f` of 1/(n-i) (computeProbability). */
export function computeProbability(remaining: number): string {
  return (1 / remaining).toFixed(10);
}

/** Writes the rules of every service port (the per-service loop of syncProxyRules). */
export function writeRules(ports: ProxyServicePort[]): IptablesRule[] {
  const rules: IptablesRule[] = [
    {
      table: 'filter',
      chain: 'KUBE-FORWARD',
      comment: 'kubernetes forwarding rules',
      matches: ['-m', 'mark', '--mark', '0x4000/0x4000'],
      jump: 'ACCEPT',
    },
    {
      table: 'nat',
      chain: KUBE_MARK_MASQ,
      jump: 'MARK',
      jumpArgs: ['--set-xmark', '0x4000/0x4000'],
    },
    {
      table: 'nat',
      chain: KUBE_POSTROUTING,
      matches: ['-m', 'mark', '!', '--mark', '0x4000/0x4000'],
      jump: 'RETURN',
    },
    {
      table: 'nat',
      chain: KUBE_POSTROUTING,
      jump: 'MARK',
      jumpArgs: ['--set-xmark', '0x4000/0x0'],
    },
    {
      table: 'nat',
      chain: KUBE_POSTROUTING,
      comment: 'kubernetes service traffic requiring SNAT',
      jump: 'MASQUERADE',
      jumpArgs: ['--random-fully'],
    },
  ];
  const tail: IptablesRule[] = [];
  for (const sp of ports) {
    const proto = sp.protocol.toLowerCase();
    const dport = (port: number) => ['-m', proto, '--dport', String(port)];
    const internalChain = sp.internalTrafficPolicy === 'Local' ? sp.svlChain : sp.svcChain;
    const externalChain = sp.externalTrafficPolicy === 'Local' ? sp.svlChain : sp.svcChain;
    const hasInternal =
      sp.internalTrafficPolicy === 'Local' ? sp.localEndpoints.length > 0 : sp.hasEndpoints;
    const hasExternal =
      sp.externalTrafficPolicy === 'Local' ? sp.localEndpoints.length > 0 : sp.hasEndpoints;
    const noEp = `${sp.name} has no endpoints`;
    const noLocal = `${sp.name} has no local endpoints`;
    if (hasInternal) {
      rules.push({
        table: 'nat',
        chain: KUBE_SERVICES,
        destination: sp.clusterIP,
        protocol: proto,
        comment: `${sp.name} cluster IP`,
        matches: dport(sp.port),
        jump: internalChain,
      });
      rules.push({
        table: 'nat',
        chain: internalChain,
        notSource: CLUSTER_CIDR,
        destination: sp.clusterIP,
        protocol: proto,
        comment: `${sp.name} cluster IP`,
        matches: dport(sp.port),
        jump: KUBE_MARK_MASQ,
      });
    } else {
      rules.push({
        table: 'filter',
        chain: KUBE_SERVICES,
        destination: sp.clusterIP,
        protocol: proto,
        comment: sp.hasEndpoints ? noLocal : noEp,
        matches: dport(sp.port),
        jump: sp.hasEndpoints ? 'DROP' : 'REJECT',
        jumpArgs: sp.hasEndpoints ? undefined : ['--reject-with', 'icmp-port-unreachable'],
      });
    }
    // External and load-balancer IPs get the same pair of rules (proxier.go), externals first.
    const outside: [string[], string][] = [
      [sp.externalIPs, 'external IP'],
      [sp.loadBalancerIPs, 'loadbalancer IP'],
    ];
    for (const [ips, what] of outside) {
      for (const ip of ips) {
        if (sp.hasEndpoints)
          rules.push({
            table: 'nat',
            chain: KUBE_SERVICES,
            destination: ip,
            protocol: proto,
            comment: `${sp.name} ${what}`,
            matches: dport(sp.port),
            jump: sp.extChain,
          });
        if (!hasExternal)
          rules.push({
            table: 'filter',
            chain: KUBE_EXTERNAL_SERVICES,
            destination: ip,
            protocol: proto,
            comment: sp.hasEndpoints ? noLocal : noEp,
            matches: dport(sp.port),
            jump: sp.hasEndpoints ? 'DROP' : 'REJECT',
          });
      }
    }
    if (sp.nodePort) {
      if (sp.hasEndpoints)
        rules.push({
          table: 'nat',
          chain: KUBE_NODEPORTS,
          protocol: proto,
          comment: sp.name,
          matches: dport(sp.nodePort),
          jump: sp.extChain,
        });
      if (!hasExternal)
        rules.push({
          table: 'filter',
          chain: KUBE_EXTERNAL_SERVICES,
          protocol: proto,
          comment: sp.hasEndpoints ? noLocal : noEp,
          matches: ['-m', 'addrtype', '--dst-type', 'LOCAL', ...dport(sp.nodePort)],
          jump: sp.hasEndpoints ? 'DROP' : 'REJECT',
        });
    }
    const externallyAccessible =
      !!sp.nodePort || sp.loadBalancerIPs.length > 0 || sp.externalIPs.length > 0;
    if (sp.hasEndpoints && externallyAccessible) {
      if (sp.externalTrafficPolicy === 'Cluster') {
        rules.push({
          table: 'nat',
          chain: sp.extChain,
          comment: `masquerade traffic for ${sp.name} external destinations`,
          jump: KUBE_MARK_MASQ,
        });
      } else {
        rules.push({
          table: 'nat',
          chain: sp.extChain,
          comment: `pod traffic for ${sp.name} external destinations`,
          source: CLUSTER_CIDR,
          jump: sp.svcChain,
        });
        rules.push({
          table: 'nat',
          chain: sp.extChain,
          comment: `masquerade LOCAL traffic for ${sp.name} external destinations`,
          matches: ['-m', 'addrtype', '--src-type', 'LOCAL'],
          jump: KUBE_MARK_MASQ,
        });
        rules.push({
          table: 'nat',
          chain: sp.extChain,
          comment: `route LOCAL traffic for ${sp.name} external destinations`,
          matches: ['-m', 'addrtype', '--src-type', 'LOCAL'],
          jump: sp.svcChain,
        });
      }
      if (hasExternal) rules.push({ table: 'nat', chain: sp.extChain, jump: externalChain });
    }
    const usesCluster =
      sp.clusterEndpoints.length > 0 &&
      (sp.internalTrafficPolicy === 'Cluster' || sp.externalTrafficPolicy === 'Cluster');
    const usesLocal =
      sp.localEndpoints.length > 0 &&
      (sp.internalTrafficPolicy === 'Local' || sp.externalTrafficPolicy === 'Local');
    if (usesCluster) rules.push(...endpointDispatch(sp, sp.svcChain, sp.clusterEndpoints));
    if (usesLocal) rules.push(...endpointDispatch(sp, sp.svlChain, sp.localEndpoints));
    const reachable = new Map<string, ProxyEndpoint>();
    if (usesCluster) for (const e of sp.clusterEndpoints) reachable.set(e.chain, e);
    if (usesLocal) for (const e of sp.localEndpoints) reachable.set(e.chain, e);
    for (const e of reachable.values()) {
      rules.push({
        table: 'nat',
        chain: e.chain,
        source: e.ip,
        comment: sp.name,
        jump: KUBE_MARK_MASQ,
      });
      const affinity =
        sp.stickySeconds !== undefined
          ? ['-m', 'recent', '--set', '--name', e.chain, '--mask', '255.255.255.255', '--rsource']
          : [];
      rules.push({
        table: 'nat',
        chain: e.chain,
        protocol: proto,
        comment: sp.name,
        matches: [...affinity, '-m', proto],
        jump: 'DNAT',
        jumpArgs: ['--to-destination', e.address],
      });
    }
  }
  // Upstream: the jump to KUBE-NODEPORTS "must be the last rule in this chain".
  tail.push({
    table: 'nat',
    chain: KUBE_SERVICES,
    comment: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
    matches: ['-m', 'addrtype', '--dst-type', 'LOCAL'],
    jump: KUBE_NODEPORTS,
  });
  return [...rules, ...tail];
}

/** The KUBE-SVC/KUBE-SVL rules: affinity checks first, then the probability ladder. */
function endpointDispatch(
  sp: ProxyServicePort,
  chain: string,
  endpoints: ProxyEndpoint[],
): IptablesRule[] {
  const rules: IptablesRule[] = [];
  if (sp.stickySeconds !== undefined) {
    for (const e of endpoints) {
      rules.push({
        table: 'nat',
        chain,
        comment: `${sp.name} -> ${e.address}`,
        matches: [
          '-m',
          'recent',
          '--rcheck',
          '--seconds',
          String(sp.stickySeconds),
          '--reap',
          '--name',
          e.chain,
          '--mask',
          '255.255.255.255',
          '--rsource',
        ],
        jump: e.chain,
      });
    }
  }
  endpoints.forEach((e, i) => {
    const last = i === endpoints.length - 1;
    rules.push({
      table: 'nat',
      chain,
      comment: `${sp.name} -> ${e.address}`,
      matches: last
        ? undefined
        : [
            '-m',
            'statistic',
            '--mode',
            'random',
            '--probability',
            computeProbability(endpoints.length - i),
          ],
      jump: e.chain,
    });
  });
  return rules;
}

// iptables-save quotes any comment with a character outside [A-Za-z0-9_-] (xtables_save_string).
const quote = (text: string) =>
  /^[A-Za-z0-9_-]+$/.test(text) ? text : `"${text.replace(/(["\\'])/g, '\\$1')}"`;
const withMask = (ip: string) => (ip.includes('/') ? ip : `${ip}/32`);

/** One rule as an `iptables-save` line. */
export function formatRule(rule: IptablesRule): string {
  const parts = ['-A', rule.chain];
  if (rule.source) parts.push('-s', withMask(rule.source));
  if (rule.notSource) parts.push('!', '-s', withMask(rule.notSource));
  if (rule.destination) parts.push('-d', withMask(rule.destination));
  if (rule.protocol) parts.push('-p', rule.protocol);
  if (rule.comment) parts.push('-m', 'comment', '--comment', quote(rule.comment));
  if (rule.matches) parts.push(...rule.matches);
  parts.push('-j', rule.jump, ...(rule.jumpArgs ?? []));
  return parts.join(' ');
}

const BUILTIN_TARGETS = new Set([
  'ACCEPT',
  'DROP',
  'REJECT',
  'RETURN',
  'DNAT',
  'MARK',
  'MASQUERADE',
]);

/** The table as `iptables-save` prints it (filter, then nat), chains declared before rules. */
export function iptablesSave(table: ProxyTable): string {
  const out: string[] = [`# Generated by iptables-save (kube-proxy on ${table.node})`];
  for (const name of ['filter', 'nat'] as const) {
    const rules = table.rules.filter((r) => r.table === name);
    const chains = new Set<string>(
      name === 'filter'
        ? [
            'KUBE-EXTERNAL-SERVICES',
            'KUBE-FORWARD',
            'KUBE-NODEPORTS',
            'KUBE-PROXY-FIREWALL',
            KUBE_SERVICES,
          ]
        : [KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES],
    );
    for (const r of rules) {
      chains.add(r.chain);
      if (!BUILTIN_TARGETS.has(r.jump)) chains.add(r.jump);
    }
    out.push(`*${name}`);
    for (const chain of [...chains].sort()) out.push(`:${chain} - [0:0]`);
    for (const r of rules) out.push(formatRule(r));
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

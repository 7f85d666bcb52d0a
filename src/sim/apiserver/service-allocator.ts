/**
 * Service ClusterIP and NodePort allocation (pkg/registry/core/service/ipallocator and
 * portallocator): IPs from the service CIDR (kubeadm default 10.96.0.0/12), chosen at random but
 * deterministic (seeded rng), never handed out twice while allocated; the first address is the
 * `kubernetes` Service's and the 10th is reserved for kube-dns. NodePorts from 30000-32767.
 */
import type { Rng } from '../rng.ts';
import type { Allocators } from './strategy.ts';
import type { FieldError } from './status.ts';

export interface ServiceAllocatorOptions {
  rng: Rng;
  /** CIDR of Service IPs, default `10.96.0.0/12`. */
  serviceCidr?: string;
  nodePortRange?: [number, number];
}

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** Dotted form of a 32-bit address. */
export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Creates the allocators over a CIDR and a port range. */
export function createServiceAllocators(
  options: ServiceAllocatorOptions,
): Allocators & { serviceIpAt(index: number): string; cidr: string } {
  const cidr = options.serviceCidr ?? '10.96.0.0/12';
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  const network = (ipToInt(base) ?? 0) >>> 0;
  const [portLow, portHigh] = options.nodePortRange ?? [30000, 32767];
  const ips = new Set<number>();
  const ports = new Set<number>();
  // The first usable address is the kubernetes Service; the 10th is kube-dns (kubeadm's DNS IP).
  const reservedIndexes = new Set([1, 10]);

  const pickFree = (
    low: number,
    high: number,
    used: Set<number>,
    skip: (n: number) => boolean,
  ): number | undefined => {
    const span = high - low + 1;
    // Random start, then linear probe: deterministic and O(1) while the range is sparse.
    const start = low + options.rng.int(span);
    for (let i = 0; i < span; i++) {
      const candidate = low + ((start - low + i) % span);
      if (!used.has(candidate) && !skip(candidate)) return candidate;
    }
    return undefined;
  };

  return {
    cidr,
    serviceIpAt: (index: number) => intToIp(network + index),
    allocateClusterIP(requested, fieldPath): string | FieldError {
      if (requested) {
        const n = ipToInt(requested);
        if (n === undefined)
          return {
            type: 'FieldValueInvalid',
            field: fieldPath,
            value: [requested],
            detail: `must be a valid IP address`,
          };
        const index = (n >>> 0) - network;
        if (index <= 0 || index >= size - 1) {
          return {
            type: 'FieldValueInvalid',
            field: fieldPath,
            value: [requested],
            detail: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${cidr}`,
          };
        }
        if (ips.has(index))
          return {
            type: 'FieldValueInvalid',
            field: fieldPath,
            value: [requested],
            detail: `failed to allocate IP ${requested}: provided IP is already allocated`,
          };
        ips.add(index);
        return requested;
      }
      const index = pickFree(1, size - 2, ips, (i) => reservedIndexes.has(i));
      if (index === undefined)
        return {
          type: 'InternalError',
          field: fieldPath,
          detail: 'failed to allocate a serviceIP: range is full',
        };
      ips.add(index);
      return intToIp(network + index);
    },
    releaseClusterIP(ip) {
      const n = ipToInt(ip);
      if (n !== undefined) ips.delete((n >>> 0) - network);
    },
    allocateNodePort(requested, fieldPath): number | FieldError {
      if (requested !== undefined && requested !== 0) {
        if (requested < portLow || requested > portHigh) {
          return {
            type: 'FieldValueInvalid',
            field: fieldPath,
            value: requested,
            detail: `provided port is not in the valid range. The range of valid ports is ${portLow}-${portHigh}`,
          };
        }
        if (ports.has(requested))
          return {
            type: 'FieldValueInvalid',
            field: fieldPath,
            value: requested,
            detail: 'provided port is already allocated',
          };
        ports.add(requested);
        return requested;
      }
      const port = pickFree(portLow, portHigh, ports, () => false);
      if (port === undefined)
        return {
          type: 'InternalError',
          field: fieldPath,
          detail: 'failed to allocate a nodePort: range is full',
        };
      ports.add(port);
      return port;
    },
    releaseNodePort(port) {
      ports.delete(port);
    },
  };
}

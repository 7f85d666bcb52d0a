/**
 * Pod IP allocation from a node's pod CIDR, as the host-local IPAM plugin of a kubeadm/flannel
 * cluster does: `.1` is the bridge (cni0) gateway, pods get `.2` upwards. A released address is not
 * handed out again until it has cooled down, so a replaced pod visibly gets a new IP (host-local
 * continues after the last reserved address rather than reusing the lowest immediately).
 */

/** How long a released IP stays unavailable (virtual ms). */
export const IP_REUSE_COOLDOWN_MS = 60_000;

export class PodCidrPool {
  private readonly prefix: string;
  private readonly first: number;
  private readonly last: number;
  private readonly used = new Set<number>();
  private readonly released = new Map<number, number>();
  /** host-local keeps allocating after the last handed-out address, wrapping around. */
  private cursor: number;

  constructor(
    /** e.g. `10.244.1.0/24`. */
    readonly cidr: string,
  ) {
    const [base, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    if (bits !== 24) throw new Error(`unsupported pod CIDR ${cidr}: only /24 is modelled`);
    this.prefix = base.split('.').slice(0, 3).join('.');
    this.first = 2;
    this.last = 254;
    this.cursor = this.first;
  }

  /** Allocates an address, or undefined when the range is exhausted. */
  allocate(nowMs: number): string | undefined {
    const size = this.last - this.first + 1;
    for (let i = 0; i < size; i++) {
      const n = this.first + ((this.cursor - this.first + i) % size);
      if (this.used.has(n)) continue;
      const releasedAt = this.released.get(n);
      if (releasedAt !== undefined && nowMs - releasedAt < IP_REUSE_COOLDOWN_MS) continue;
      this.released.delete(n);
      this.used.add(n);
      this.cursor = n + 1 > this.last ? this.first : n + 1;
      return `${this.prefix}.${n}`;
    }
    return undefined;
  }

  /** Returns an address to the pool (usable again after the cool-down). */
  release(ip: string, nowMs: number): void {
    if (!ip.startsWith(`${this.prefix}.`)) return;
    const n = Number(ip.slice(this.prefix.length + 1));
    if (this.used.delete(n)) this.released.set(n, nowMs);
  }

  /** Marks an address as taken (a kubelet restart re-learning its pods' IPs). */
  reserve(ip: string): void {
    if (!ip.startsWith(`${this.prefix}.`)) return;
    this.used.add(Number(ip.slice(this.prefix.length + 1)));
  }

  inUse(): number {
    return this.used.size;
  }
}

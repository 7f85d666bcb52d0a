import { describe, expect, it } from 'vitest';
import { IP_REUSE_COOLDOWN_MS, PodCidrPool } from './ipam.ts';

describe('PodCidrPool', () => {
  it('hands out .2 upwards, continues after the last address and reuses only after the cool-down', () => {
    const pool = new PodCidrPool('10.244.1.0/24');
    expect(pool.allocate(0)).toBe('10.244.1.2');
    expect(pool.allocate(0)).toBe('10.244.1.3');
    pool.release('10.244.1.2', 0);
    expect(pool.allocate(1)).toBe('10.244.1.4');
    expect(pool.inUse()).toBe(2);
  });

  it('wraps around and respects the cool-down when the range is nearly full', () => {
    const pool = new PodCidrPool('10.244.7.0/24');
    const ips = Array.from({ length: 253 }, () => pool.allocate(0));
    expect(ips.at(-1)).toBe('10.244.7.254');
    expect(pool.allocate(0)).toBeUndefined();
    pool.release('10.244.7.9', 1_000);
    expect(pool.allocate(1_000 + IP_REUSE_COOLDOWN_MS - 1)).toBeUndefined();
    expect(pool.allocate(1_000 + IP_REUSE_COOLDOWN_MS)).toBe('10.244.7.9');
  });
});

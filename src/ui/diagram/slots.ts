/**
 * Stable slots: each pod keeps the slot it was first given in its group (a node frame or the
 * Pending lane) for as long as it stays in that group, so pods do not jump when others come and
 * go. New members, taken in name order, fill the lowest free slots; the result depends only on
 * the sequence of memberships, so the same history always gives the same picture.
 */

export class SlotAllocator {
  /** group -> member -> slot */
  private groups = new Map<string, Map<string, number>>();

  /** Assigns slots for the members of every group; groups not listed are emptied. */
  assign(members: ReadonlyMap<string, readonly string[]>): Map<string, Map<string, number>> {
    for (const group of [...this.groups.keys()]) {
      if (!members.has(group)) this.groups.delete(group);
    }
    for (const [group, ids] of members) {
      const previous = this.groups.get(group) ?? new Map<string, number>();
      const next = new Map<string, number>();
      const wanted = new Set(ids);
      for (const [id, slot] of previous) if (wanted.has(id)) next.set(id, slot);
      const used = new Set(next.values());
      let free = 0;
      for (const id of [...ids].sort(compareNames)) {
        if (next.has(id)) continue;
        while (used.has(free)) free++;
        next.set(id, free);
        used.add(free);
      }
      this.groups.set(group, next);
    }
    return new Map(this.groups);
  }
}

/** Name order as people expect it: `worker-2` before `worker-10`. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

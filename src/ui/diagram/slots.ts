/**
 * Stable slots: each pod keeps the slot it was first given in its group (a node frame or the
 * Pending lane) for as long as it stays in that group, so pods do not jump when others come and
 * go. New members, taken in name order, fill the lowest free slots; the result depends only on
 * the sequence of memberships, so the same history always gives the same picture.
 *
 * The allocator also remembers, for a short while, the pods that left the picture altogether
 * (deleted, not moved to another group): their "ghosts" fade out where they were. Ghosts are
 * decoration only. They do not hold their slot (a replacement may land there while the ghost
 * fades underneath), so slot assignment stays a function of memberships alone; only the ghost
 * list depends on the (real) clock.
 */

/** How long a deleted pod stays drawn, fading out, in real milliseconds. */
export const GHOST_MS = 600;
/** More pods than this leaving the picture at once get no ghosts. */
export const MAX_GHOSTS_PER_CHANGE = 50;

/** A pod that left the picture: where it was, and when it left (allocator clock). */
export interface Ghost {
  group: string;
  key: string;
  slot: number;
  since: number;
}

export class SlotAllocator {
  /** group -> member -> slot */
  private groups = new Map<string, Map<string, number>>();
  /** key -> ghost, oldest first */
  private departed = new Map<string, Ghost>();

  /** `now` is a real-time clock in milliseconds (ghost lifetimes only). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Assigns slots for the members of every group; groups not listed are emptied. */
  assign(members: ReadonlyMap<string, readonly string[]>): Map<string, Map<string, number>> {
    const now = this.now();
    const present = new Set<string>();
    for (const ids of members.values()) for (const id of ids) present.add(id);
    const left: Ghost[] = [];
    for (const [group, previous] of this.groups) {
      // A member gone from every group was deleted (a move to another group is not).
      if (!members.has(group)) continue;
      for (const [id, slot] of previous) {
        if (!present.has(id)) left.push({ group, key: id, slot, since: now });
      }
    }
    // Many leaving at once is a change of view (namespace filter, time travel, a node turning
    // summarised), not deletions to watch one by one.
    if (left.length <= MAX_GHOSTS_PER_CHANGE) for (const g of left) this.departed.set(g.key, g);
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
      // Only the newcomers need ordering (sorting every member on every call was the cost).
      for (const id of ids.filter((m) => !next.has(m)).sort(compareNames)) {
        if (next.has(id)) continue;
        while (used.has(free)) free++;
        next.set(id, free);
        used.add(free);
      }
      this.groups.set(group, next);
    }
    for (const [id, ghost] of this.departed) {
      if (present.has(id) || !members.has(ghost.group) || now - ghost.since >= GHOST_MS)
        this.departed.delete(id);
    }
    return new Map(this.groups);
  }

  /** Pods deleted less than GHOST_MS ago (as of the last `assign`), with their last slot. */
  ghosts(): Ghost[] {
    return [...this.departed.values()];
  }
}

/** One collator: `localeCompare` with options builds one per call (the slow part of sorting). */
const nameCollator = new Intl.Collator('en', { numeric: true });

/** Name order as people expect it: `worker-2` before `worker-10`. */
export function compareNames(a: string, b: string): number {
  return nameCollator.compare(a, b);
}

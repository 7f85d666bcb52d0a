/**
 * A Go slice over a shared backing array, for the one place where strategic merge patch's result
 * depends on Go's slice aliasing (apimachinery strategicpatch `mergeSlice` deletes items with
 * `append(s[:k], s[k+1:]...)` and appends merged items into the freed slots of the caller's array,
 * which the caller then reads to order `$setElementOrder` lists).
 */
import { PatchError } from './patch-error';
import { isMap, scalarEqual } from './json-values';

/** A Go slice over a shared backing array: in-place deletes, appends into spare slots, then detaches. */
export class GoSliceView {
  private detached: unknown[] | undefined;
  length: number;
  constructor(
    private readonly buffer: unknown[],
    detached = false,
  ) {
    this.length = buffer.length;
    if (detached) this.detached = buffer.slice();
  }
  get(index: number): unknown {
    return this.detached ? this.detached[index] : this.buffer[index];
  }
  set(index: number, value: unknown): void {
    if (this.detached) this.detached[index] = value;
    else this.buffer[index] = value;
  }
  /** `append(s[:k], s[k+1:]...)`. */
  deleteAt(index: number): void {
    for (let i = index; i < this.length - 1; i++) this.set(i, this.get(i + 1));
    this.length--;
    if (this.detached) this.detached.length = this.length;
  }
  /** `append(s, v)`: writes into the shared array while it has room, else copies. */
  append(value: unknown): void {
    if (!this.detached && this.length < this.buffer.length) {
      this.buffer[this.length++] = value;
      return;
    }
    if (!this.detached) this.detached = this.buffer.slice(0, this.length);
    this.detached.push(value);
    this.length++;
  }
  findByKey(key: string, value: unknown): number {
    for (let index = 0; index < this.length; index++) {
      const item = this.get(index);
      if (!isMap(item)) throw new PatchError(`value for key ${index} is not a map`);
      if (key in item && scalarEqual(item[key], value)) return index;
    }
    return -1;
  }
  values(): unknown[] {
    return this.detached ? this.detached.slice(0, this.length) : this.buffer.slice(0, this.length);
  }
}

// Temporary local harness (not part of the repo): runs upstream strategicpatch test data.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { strategicMergePatch } from '../src/sim/apiserver/patch/strategic-merge-patch';
import { createThreeWayStrategicPatch, createTwoWayStrategicPatch } from '../src/sim/apiserver/patch/strategic-merge-diff';
import type { PatchSchema, PatchField } from '../src/sim/apiserver/patch/patch-meta';
import { compareStrings, goString, deduplicateScalars, sortScalars } from '../src/sim/apiserver/patch/json-values';

const cases = JSON.parse(readFileSync('/tmp/h2/cases.json', 'utf8'));
const mergeItem: PatchSchema = { fields: {} };
const retainKeysItem: PatchSchema = { fields: {} };
const f = (strategies: string[], mergeKey = '', schema?: PatchSchema): PatchField => ({ strategies, mergeKey, schema });
Object.assign(mergeItem.fields!, {
  mergingList: f(['merge'], 'name', mergeItem),
  nonMergingList: f([], '', mergeItem),
  mergingIntList: f(['merge']),
  nonMergingIntList: f([]),
  mergeItemPtr: f(['merge'], 'name', mergeItem),
  simpleMap: { schema: { mapValues: {} } },
  replacingItem: f(['replace']),
  retainKeysMap: f(['retainKeys'], '', retainKeysItem),
  retainKeysMergingList: f(['merge', 'retainKeys'], 'name', mergeItem),
});
Object.assign(retainKeysItem.fields!, {
  simpleMap: { schema: { mapValues: {} } },
  mergingIntList: f(['merge']),
  mergingList: f(['merge'], 'name', mergeItem),
  nonMergingList: f([], '', mergeItem),
});

// sortMergeListsByNameMap
function sortMap(m: any, schema: PatchSchema): any {
  if (m === null || typeof m !== 'object') return m;
  const out: any = {};
  for (const [k, v] of Object.entries(m)) {
    let val: any = v;
    if (k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList')) val = sortScalars(v as any[]);
    else if (k.startsWith('$setElementOrder') || k === '$patch') val = v;
    else if (Array.isArray(v)) {
      const field = schema.fields?.[k];
      if (field?.strategies?.includes('merge')) {
        if (v.length && typeof v[0] === 'object') {
          val = v.map((e: any) => sortMap(e, field.schema ?? {})).sort((a: any, b: any) => compareStrings(goString(a[field.mergeKey!]), goString(b[field.mergeKey!])));
        } else val = sortScalars(deduplicateScalars(v));
      }
    } else if (v && typeof v === 'object') {
      const field = schema.fields?.[k];
      val = sortMap(v, schema.mapValues ?? field?.schema ?? {});
    }
    out[k] = val;
  }
  return out;
}
function canon(v: any): string {
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  return JSON.stringify(v);
}
let pass = 0, fail = 0;
function check(desc: string, expected: any, actual: any) {
  if (canon(expected) === canon(actual)) { pass++; return; }
  fail++;
  console.log('FAIL', desc, '\n  expected', canon(expected), '\n  actual  ', canon(actual));
}
function run(desc: string, fn: () => any): any { try { return fn(); } catch (e: any) { return { __error: e.message }; } }

const y = (s: any) => (s === undefined ? undefined : parse(s) ?? {});
for (const c of parse(cases.yamlCases).testCases) {
  const srt = (o: any) => (o === undefined || o === null ? o : sortMap(o, mergeItem));
  const original = srt(c.original ?? {}), modified = srt(c.modified ?? {}), current = srt(c.current ?? {});
  const two = run(c.description, () => createTwoWayStrategicPatch(original, modified, mergeItem));
  check(c.description + ' /twoWay', srt(c.twoWay ?? {}), two);
  check(c.description + ' /twoWayApply', srt(c.twoWayResult ?? c.modified ?? {}), run(c.description, () => strategicMergePatch(original, two, mergeItem)));
  if (c.result) {
    const three = run(c.description, () => createThreeWayStrategicPatch(original, modified, current, mergeItem));
    check(c.description + ' /threeWay', srt(c.threeWay ?? {}), three);
    check(c.description + ' /threeWayApply', srt(c.result), run(c.description, () => strategicMergePatch(current, three, mergeItem)));
  }
}
for (const c of cases.rawCases) {
  const original = y(c.original) ?? {}, modified = y(c.modified) ?? {}, current = y(c.current) ?? {};
  const two = run(c.description, () => createTwoWayStrategicPatch(original, modified, mergeItem));
  check(c.description + ' /twoWay', y(c.twoWay) ?? {}, two);
  const twoApplied = run(c.description, () => strategicMergePatch(original, two, mergeItem));
  if (c.expectedError) check(c.description + ' /twoWayErr', true, String(twoApplied.__error ?? '').includes(c.expectedError));
  else check(c.description + ' /twoWayApply', y(c.twoWayResult) ?? modified, twoApplied);
  if (c.result) {
    const three = run(c.description, () => createThreeWayStrategicPatch(original, modified, current, mergeItem));
    check(c.description + ' /threeWay', y(c.threeWay) ?? {}, three);
    const threeApplied = run(c.description, () => strategicMergePatch(current, three, mergeItem));
    if (c.expectedError) check(c.description + ' /threeWayErr', true, String(threeApplied.__error ?? '').includes(c.expectedError));
    else check(c.description + ' /threeWayApply', y(c.result), threeApplied);
  }
}
for (const c of parse(cases.customYaml).testCases) {
  const srt = (o: any) => (o === undefined || o === null ? o : sortMap(o, mergeItem));
  check(c.description + ' /custom', srt(c.twoWayResult ?? c.modified ?? {}), run(c.description, () => strategicMergePatch(srt(c.original ?? {}), srt(c.twoWay ?? {}), mergeItem)));
}
for (const c of cases.customRaw) {
  const r = run(c.description, () => strategicMergePatch(y(c.original) ?? {}, y(c.twoWay) ?? {}, mergeItem));
  if (c.expectedError) check(c.description + ' /customErr ' + c.expectedError + ' got ' + r.__error, true, String(r.__error ?? '').includes(c.expectedError));
  else check(c.description + ' /customRaw', y(c.twoWayResult) ?? y(c.modified) ?? {}, r);
}
console.log('pass', pass, 'fail', fail);

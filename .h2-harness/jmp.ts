import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createThreeWayJsonMergePatch, jsonMergePatch } from '../src/sim/apiserver/patch/merge-patch';
const data = JSON.parse(readFileSync('/tmp/h2/jmp.json', 'utf8'));
function canon(v: any): string {
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  return JSON.stringify(v);
}
let pass = 0, fail = 0;
for (const c of parse(data.yaml).testCases) {
  let patch: any;
  try { patch = createThreeWayJsonMergePatch(c.original ?? {}, c.modified ?? {}, c.current ?? {}); } catch (e: any) { patch = { __error: e.message }; }
  const ok1 = canon(patch) === canon(c.threeWay ?? {});
  const result = jsonMergePatch(c.current ?? {}, patch);
  const ok2 = canon(result) === canon(c.result ?? {});
  if (ok1 && ok2) pass++; else { fail++; console.log('FAIL', c.description, canon(patch), canon(c.threeWay), canon(result), canon(c.result)); }
}
console.log('pass', pass, 'fail', fail);

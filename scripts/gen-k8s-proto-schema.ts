/**
 * Generates src/server/protobuf/k8s-proto-schema.json: for every message of the served Kubernetes
 * API groups, its fields as `[number, jsonName, type]`. kubectl 1.32's typed clients (`kubectl
 * create configmap|deployment|secret...`, the eviction of `kubectl drain`) send request bodies as
 * Kubernetes protobuf; the server decodes them with this table (src/server/protobuf/decode.ts).
 *
 * Input: git repositories (bare or not) of kubernetes/api and kubernetes/apimachinery (e.g. the `fetch` mirrors).
 *   npx tsx scripts/gen-k8s-proto-schema.ts <kubernetes-api-git-dir> <apimachinery-git-dir> [tag]
 *
 * Types in the table: `string`, `bool`, `int32`, `int64`, `double`, `float`, `bytes`, a message
 * name (fully qualified, without the leading dot), `map:<value type>`; a `[]` suffix marks a
 * repeated field.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [apiDir, machineryDir, tag = 'v0.32.0'] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error(
    'usage: tsx scripts/gen-k8s-proto-schema.ts <kubernetes/api git dir> <kubernetes/apimachinery git dir> [tag]',
  );
  process.exit(2);
}

/** The group-versions the simulated apiserver serves (GA versions only). */
const API_FILES = [
  'core/v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'policy/v1',
  'networking/v1',
  'rbac/v1',
  'storage/v1',
  'discovery/v1',
  'coordination/v1',
  'scheduling/v1',
  'admissionregistration/v1',
  'events/v1',
  'node/v1',
  'certificates/v1',
  'authentication/v1',
  'authorization/v1',
  'flowcontrol/v1',
].map((gv) => `${gv}/generated.proto`);
const MACHINERY_FILES = [
  'pkg/apis/meta/v1/generated.proto',
  'pkg/api/resource/generated.proto',
  'pkg/runtime/generated.proto',
  'pkg/util/intstr/generated.proto',
];

const SCALARS = new Set([
  'string',
  'bool',
  'int32',
  'int64',
  'double',
  'float',
  'bytes',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
]);

type Field = [number, string, string];
const messages: Record<string, Field[]> = {};

function show(dir: string, file: string): string {
  return execFileSync('git', ['-C', dir, 'show', `${tag}:${file}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function qualify(type: string, pkg: string): string {
  if (SCALARS.has(type)) return type;
  if (type.startsWith('.')) return type.slice(1);
  return `${pkg}.${type}`;
}

function parse(text: string): void {
  const lines = text.split('\n').map((line) => line.replace(/\/\/.*$/, '').trim());
  const pkg = lines
    .find((line) => line.startsWith('package '))!
    .slice('package '.length)
    .replace(';', '');
  let current: Field[] | undefined;
  for (const line of lines) {
    const open = line.match(/^message (\w+) \{$/);
    if (open) {
      current = [];
      messages[`${pkg}.${open[1]}`] = current;
      continue;
    }
    if (line === '}') {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const map = line.match(/^map<string, ([\w.]+)> (\w+) = (\d+);$/);
    if (map) {
      current.push([Number(map[3]), map[2], `map:${qualify(map[1], pkg)}`]);
      continue;
    }
    const field = line.match(/^(optional|repeated) ([\w.]+) (\w+) = (\d+);$/);
    if (field) {
      current.push([
        Number(field[4]),
        field[3],
        `${qualify(field[2], pkg)}${field[1] === 'repeated' ? '[]' : ''}`,
      ]);
    }
  }
}

for (const file of API_FILES) parse(show(apiDir, file));
for (const file of MACHINERY_FILES) parse(show(machineryDir, file));

const out = resolve(import.meta.dirname, '../src/server/protobuf/k8s-proto-schema.json');
const body = {
  source: `kubernetes/api and kubernetes/apimachinery ${tag} generated.proto (Apache-2.0); field numbers, names and types only`,
  messages,
};
writeFileSync(out, `${JSON.stringify(body)}\n`);
// Formatted as the repository's `prettier --check` expects.
execFileSync('npx', ['prettier', '--write', out], { stdio: 'ignore' });
console.log(`${Object.keys(messages).length} messages written to ${out}`);

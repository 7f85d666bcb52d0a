/**
 * Reading objects from `-f`: names resolve to the host's named buffers (the editor's documents),
 * `-f -` to stdin. Multi-document YAML and JSON (objects and `kind: List`) are accepted.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../sim/api/types';
import { KubectlError } from './errors';
import type { KubectlEnv } from './types';

export interface SourcedObject {
  object: KubeObject;
  /** The file name it came from (for messages). */
  source: string;
}

/** Parses one buffer into objects (List items flattened, empty documents skipped). */
export function parseManifest(text: string, source: string): SourcedObject[] {
  const out: SourcedObject[] = [];
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      throw new KubectlError(`error parsing ${source}: error converting YAML to JSON: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new KubectlError(`error validating data: invalid object in ${source}`);
    }
    const obj = value as KubeObject;
    if (obj.kind && /List$/.test(obj.kind) && Array.isArray(obj.items)) {
      for (const item of obj.items as KubeObject[]) out.push({ object: item, source });
      continue;
    }
    if (!obj.kind) throw new KubectlError(`error validating "${source}": error validating data: kind not set`);
    if (!obj.apiVersion) throw new KubectlError(`error validating "${source}": error validating data: apiVersion not set`);
    out.push({ object: obj, source });
  }
  return out;
}

/** Reads every `-f` argument from env.files / env.stdin. */
export function readFiles(env: KubectlEnv, names: string[]): SourcedObject[] {
  const out: SourcedObject[] = [];
  for (const name of names) {
    let text: string | undefined;
    if (name === '-') text = env.stdin ?? '';
    else text = env.files?.[name] ?? env.files?.[name.replace(/^\.\//, '')];
    if (text === undefined) throw new KubectlError(`the path "${name}" does not exist`);
    out.push(...parseManifest(text, name));
  }
  if (out.length === 0) throw new KubectlError('no objects passed to apply');
  return out;
}

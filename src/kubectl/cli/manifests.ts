/**
 * Reading objects from `-f`: names resolve to the host's named buffers (the editor's documents),
 * `-f -` to stdin. Multi-document YAML and JSON (objects and `kind: List`) are accepted.
 */
import type { KubeObject } from '../../sim/api/types';
import { parseManifest as parseManifestDocuments } from '../manifest';
import { KubectlError } from './errors';
import type { KubectlEnv } from './types';

export interface SourcedObject {
  object: KubeObject;
  /** The file name it came from (for messages). */
  source: string;
}

/** Parses one buffer into objects (List items flattened, empty documents skipped). */
export function parseManifest(text: string, source: string): SourcedObject[] {
  const parsed = parseManifestDocuments(text);
  if (parsed.errors.length > 0)
    throw new KubectlError(`error parsing ${source}: ${parsed.errors[0].message}`);
  return parsed.documents.map((d) => ({ object: d.object, source }));
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

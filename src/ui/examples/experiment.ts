/** A gallery example as an experiment: its files, the cluster it needs, and its timeline. */
import type { SharedExperiment } from '../share/share-link';
import type { Example } from './types';

/** Files the example's timeline applies itself (`at 20s: apply secret.yaml`). */
export function filesAppliedByTimeline(timeline: string | undefined): Set<string> {
  return new Set([...(timeline ?? '').matchAll(/:\s*apply\s+(\S+)/g)].map((m) => m[1]));
}

/**
 * The experiment of an example, from the start: the files its timeline does not apply itself
 * are applied at 0 s, so every run starts with the same objects at the same moment.
 */
export function exampleExperiment(example: Example, seed = 1): SharedExperiment {
  const scripted = filesAppliedByTimeline(example.timeline);
  const atStart = example.files
    .filter((f) => !scripted.has(f.name))
    .map((f) => `at 0s: apply ${f.name}\n`)
    .join('');
  return {
    files: example.files,
    cluster: {
      workers: example.cluster?.workers ?? 3,
      controlPlanes: example.cluster?.controlPlanes ?? 1,
      seed,
    },
    timeline: atStart + (example.timeline ?? ''),
    atMs: 0,
  };
}

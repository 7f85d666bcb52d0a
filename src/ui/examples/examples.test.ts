import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseTimeline } from '../../sim/timeline.ts';
import { encodeExperiment } from '../share/share-link.ts';
import { EXAMPLES, exampleById } from './examples.ts';

describe('examples gallery', () => {
  it('covers every concept of the learning notes, with unique ids', () => {
    const ids = EXAMPLES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'ephemeral-pods',
      'service',
      'ingress',
      'config-and-secrets',
      'volumes',
      'rolling-update',
      'replicasets',
      'statefulset',
      'daemonset',
      'job-cronjob',
      'node-failure',
      'ha-control-plane',
      'unschedulable',
    ]) {
      expect(exampleById(id), id).toBeDefined();
    }
  });

  it('ships valid YAML with apiVersion, kind and name in every document', () => {
    for (const example of EXAMPLES) {
      for (const file of example.files) {
        for (const doc of parseAllDocuments(file.text)) {
          expect(doc.errors, `${example.id}/${file.name}`).toEqual([]);
          const obj = doc.toJS() as {
            apiVersion?: string;
            kind?: string;
            metadata?: { name?: string };
          };
          expect(obj.apiVersion, example.id).toBeTruthy();
          expect(obj.kind, example.id).toBeTruthy();
          expect(obj.metadata?.name, example.id).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
        }
      }
    }
  });

  it('has timelines that parse and only apply files it ships', () => {
    for (const example of EXAMPLES) {
      const { steps, errors } = parseTimeline(example.timeline ?? '');
      expect(errors, example.id).toEqual([]);
      for (const step of steps) {
        if (step.action.type === 'apply')
          expect(example.files.map((f) => f.name)).toContain(step.action.file);
      }
    }
  });

  it('keeps the share link of the largest example under 8 KB', () => {
    const sizes = EXAMPLES.map(
      (e) =>
        encodeExperiment({
          files: e.files,
          cluster: {
            workers: e.cluster?.workers ?? 3,
            controlPlanes: e.cluster?.controlPlanes ?? 1,
            seed: 1,
          },
          timeline: e.timeline ?? '',
          atMs: 3_600_000,
        }).length,
    );
    expect(Math.max(...sizes)).toBeLessThan(8 * 1024);
  });
});

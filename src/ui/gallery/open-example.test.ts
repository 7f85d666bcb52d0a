import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples/examples';
import { filesAppliedByTimeline } from '../examples/experiment';

describe('filesAppliedByTimeline', () => {
  it('finds the files a timeline applies, so opening an example applies only the others', () => {
    expect([
      ...filesAppliedByTimeline('at 0s: apply config.yaml\nat 20s: apply secret.yaml\n'),
    ]).toEqual(['config.yaml', 'secret.yaml']);
    expect(filesAppliedByTimeline('at 20s: kubectl delete pod -l app=web\n').size).toBe(0);
    expect(filesAppliedByTimeline(undefined).size).toBe(0);
  });

  it('leaves every example something to apply or a timeline that applies it', () => {
    for (const example of EXAMPLES) {
      const scripted = filesAppliedByTimeline(example.timeline);
      for (const name of scripted) expect(example.files.map((f) => f.name)).toContain(name);
    }
  });
});

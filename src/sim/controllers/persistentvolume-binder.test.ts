import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { apiPath } from '../client.ts';
import { createHarness } from '../network/testing/harness.ts';
import { startPersistentVolumeBinder } from './persistentvolume-binder.ts';

function setup() {
  const h = createHarness(2);
  startPersistentVolumeBinder(h.controllers);
  h.startInformers();
  h.settle();
  const claim = (name: string) =>
    h.api
      .all('persistentvolumeclaims')
      .find((c) => c.metadata?.name === name) as PersistentVolumeClaim;
  const volume = (name: string) =>
    h.api.all('persistentvolumes').find((v) => v.metadata?.name === name) as
      PersistentVolume | undefined;
  const events = (name: string) =>
    h.api
      .all('events')
      .filter((e) => (e.involvedObject as { name?: string }).name === name)
      .map((e) => `${e.reason}: ${e.message}`);
  const pvc = (name: string, spec: Record<string, unknown>) =>
    h.create({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'default' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        ...spec,
      },
    });
  const pv = (
    name: string,
    size: string,
    extra: Record<string, unknown> = {},
    labels?: Record<string, string>,
  ) =>
    h.create({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, ...(labels ? { labels } : {}) },
      spec: {
        capacity: { storage: size },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        hostPath: { path: `/data/${name}` },
        ...extra,
      },
    });
  return { h, claim, volume, events, pvc, pv };
}

describe('PersistentVolume binder', () => {
  it('installs the default StorageClass like kind', () => {
    const { h } = setup();
    expect(h.api.all('storageclasses')[0]).toMatchObject({
      metadata: {
        name: 'standard',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });

  it('binds to the smallest fitting volume, honouring access modes and selector', () => {
    const { h, claim, volume, pvc, pv } = setup();
    pv('big', '10Gi');
    pv('small', '2Gi');
    pv('tiny', '500Mi');
    pv('rwx', '1Gi', { accessModes: ['ReadWriteMany'] });
    pv('labelled', '5Gi', {}, { tier: 'fast' });
    pvc('data', { storageClassName: '' });
    pvc('fast', { storageClassName: '', selector: { matchLabels: { tier: 'fast' } } });
    h.settle();
    expect(claim('data').spec?.volumeName).toBe('small');
    expect(claim('data').status).toMatchObject({ phase: 'Bound', capacity: { storage: '2Gi' } });
    expect(volume('small')?.spec?.claimRef).toMatchObject({ name: 'data', namespace: 'default' });
    expect(volume('small')?.status?.phase).toBe('Bound');
    expect(claim('fast').spec?.volumeName).toBe('labelled');
    // The claim goes away: Retain keeps the volume, Released.
    h.admin.delete(apiPath('v1', 'persistentvolumeclaims', 'default', 'data'));
    h.settle();
    expect(volume('small')?.status?.phase).toBe('Released');
  });

  it('a claim with no matching volume and no class stays Pending with FailedBinding', () => {
    const { h, claim, events, pvc } = setup();
    pvc('orphan', { storageClassName: '' });
    h.settle(1_000);
    expect(claim('orphan').status?.phase ?? 'Pending').toBe('Pending');
    expect(events('orphan')).toEqual([
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
    ]);
  });

  it('dynamic provisioning: default class, WaitForFirstConsumer, then a local-path PV on the selected node', () => {
    const { h, claim, volume, events, pvc } = setup();
    pvc('data', {});
    h.settle();
    expect(claim('data').spec?.storageClassName).toBe('standard');
    expect(events('data')).toEqual([
      'WaitForFirstConsumer: waiting for first consumer to be created before binding',
    ]);
    // The scheduler picks worker-2 for the first pod using the claim.
    h.admin.patch(apiPath('v1', 'persistentvolumeclaims', 'default', 'data'), {
      metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'worker-2' } },
    });
    h.settle(5_000);
    const name = `pvc-${claim('data').metadata?.uid}`;
    const pv = volume(name)!;
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms[0].matchExpressions?.[0]).toEqual({
      key: 'kubernetes.io/hostname',
      operator: 'In',
      values: ['worker-2'],
    });
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(claim('data').status?.phase).toBe('Bound');
    expect(claim('data').spec?.volumeName).toBe(name);
    expect(events('data').map((e) => e.split(':')[0])).toEqual([
      'WaitForFirstConsumer',
      'ExternalProvisioning',
      'Provisioning',
      'ProvisioningSucceeded',
    ]);
    // Reclaim Delete: the claim is deleted, the volume is Released and then removed.
    h.admin.delete(apiPath('v1', 'persistentvolumeclaims', 'default', 'data'));
    h.settle(5_000);
    expect(volume(name)).toBeUndefined();
  });

  it('a bound claim whose volume disappears is Lost', () => {
    const { h, claim, pvc, pv } = setup();
    pv('only', '1Gi');
    pvc('data', { storageClassName: '' });
    h.settle();
    expect(claim('data').status?.phase).toBe('Bound');
    h.admin.delete(apiPath('v1', 'persistentvolumes', undefined, 'only'));
    h.settle();
    expect(claim('data').status?.phase).toBe('Lost');
  });

  it('a claim created before its volume binds as soon as the volume appears', () => {
    const { h, claim, volume, events, pvc, pv } = setup();
    pvc('early', { storageClassName: 'manual', resources: { requests: { storage: '3Gi' } } });
    h.settle(20_000);
    expect(claim('early').status?.phase ?? 'Pending').toBe('Pending');
    // Upstream provisionClaim reports the missing class while the claim waits.
    expect(events('early')).toEqual([
      'ProvisioningFailed: storageclass.storage.k8s.io "manual" not found',
    ]);
    // The periodic resync (every 15 s) synced the claim again: the same event, counted twice.
    const failed = h.api
      .all('events')
      .find((e) => (e.involvedObject as { name?: string }).name === 'early');
    expect(failed?.count).toBe(2);
    pv('late', '10Gi', { storageClassName: 'manual' });
    h.settle();
    expect(claim('early').spec?.volumeName).toBe('late');
    expect(claim('early').status).toMatchObject({ phase: 'Bound', capacity: { storage: '10Gi' } });
    expect(volume('late')?.status?.phase).toBe('Bound');
  });

  it('a claim naming its volume waits for it (Pending, not Lost), and reports a mismatch', () => {
    const { h, claim, volume, events, pvc, pv } = setup();
    pvc('named', { storageClassName: '', volumeName: 'wanted' });
    pvc('picky', { storageClassName: 'standard', volumeName: 'plain' });
    h.settle(20_000);
    expect(claim('named').status?.phase ?? 'Pending').toBe('Pending');
    expect(events('named')).toEqual([]);
    pv('wanted', '1Gi');
    pv('plain', '1Gi');
    h.settle();
    expect(claim('named').status?.phase).toBe('Bound');
    expect(volume('wanted')?.spec?.claimRef).toMatchObject({ name: 'named', namespace: 'default' });
    // checkVolumeSatisfyClaim: the class differs, so the claim stays Pending and says why.
    expect(claim('picky').status?.phase ?? 'Pending').toBe('Pending');
    expect(volume('plain')?.status?.phase).toBe('Available');
    expect(events('picky')).toEqual([
      'VolumeMismatch: Cannot bind to requested volume "plain": storageClassName does not match',
    ]);
  });
});

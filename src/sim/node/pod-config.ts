/**
 * What a pod needs from the API before its containers can start: ConfigMaps and Secrets mounted
 * as volumes (else the volume manager reports FailedMount and the pod stays ContainerCreating),
 * PersistentVolumeClaims that must be bound, and ConfigMap/Secret references in env/envFrom (else
 * the container waits in CreateContainerConfigError). Messages follow pkg/kubelet
 * (kubelet_pods.go makeEnvironmentVariables, volume/configmap and volume/secret SetUp).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { apiPath, type SimClient } from '../client.ts';

export interface MountProblem {
  volume: string;
  message: string;
}

type Kind = 'configmap' | 'secret';

function fetch(client: SimClient, kind: Kind, ns: string, name: string) {
  const r = client.get<{ data?: Record<string, string>; stringData?: Record<string, string> }>(
    apiPath('v1', kind === 'configmap' ? 'configmaps' : 'secrets', ns, name),
  );
  return r.ok ? r.value : undefined;
}

/** The first volume that cannot be set up, or undefined when all can. */
export function checkVolumes(client: SimClient, pod: Pod): MountProblem | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  for (const v of pod.spec?.volumes ?? []) {
    if (
      v.configMap &&
      !v.configMap.optional &&
      !fetch(client, 'configmap', ns, v.configMap.name ?? '')
    )
      return {
        volume: v.name,
        message: `MountVolume.SetUp failed for volume "${v.name}" : configmap "${v.configMap.name}" not found`,
      };
    if (v.secret && !v.secret.optional && !fetch(client, 'secret', ns, v.secret.secretName ?? ''))
      return {
        volume: v.name,
        message: `MountVolume.SetUp failed for volume "${v.name}" : secret "${v.secret.secretName}" not found`,
      };
    for (const source of v.projected?.sources ?? []) {
      if (
        source.configMap &&
        !source.configMap.optional &&
        !fetch(client, 'configmap', ns, source.configMap.name ?? '')
      )
        return {
          volume: v.name,
          message: `MountVolume.SetUp failed for volume "${v.name}" : configmap "${source.configMap.name}" not found`,
        };
      if (
        source.secret &&
        !source.secret.optional &&
        !fetch(client, 'secret', ns, source.secret.name ?? '')
      )
        return {
          volume: v.name,
          message: `MountVolume.SetUp failed for volume "${v.name}" : secret "${source.secret.name}" not found`,
        };
    }
    if (v.persistentVolumeClaim) {
      const claim = v.persistentVolumeClaim.claimName;
      const r = client.get<{ status?: { phase?: string } }>(
        apiPath('v1', 'persistentvolumeclaims', ns, claim),
      );
      if (!r.ok) return { volume: v.name, message: `persistentvolumeclaim "${claim}" not found` };
      if (r.value.status?.phase !== 'Bound')
        return {
          volume: v.name,
          message: `Unable to attach or mount volumes: unmounted volumes=[${v.name}], unattached volumes=[${v.name}]: persistentvolumeclaim "${claim}" is not bound`,
        };
    }
  }
  return undefined;
}

/** Why container `c` cannot be created (CreateContainerConfigError message), or undefined. */
export function checkEnv(client: SimClient, pod: Pod, c: Container): string | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  for (const from of c.envFrom ?? []) {
    if (
      from.configMapRef &&
      !from.configMapRef.optional &&
      !fetch(client, 'configmap', ns, from.configMapRef.name ?? '')
    )
      return `configmap "${from.configMapRef.name}" not found`;
    if (
      from.secretRef &&
      !from.secretRef.optional &&
      !fetch(client, 'secret', ns, from.secretRef.name ?? '')
    )
      return `secret "${from.secretRef.name}" not found`;
  }
  for (const e of c.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    if (cm && !cm.optional) {
      const obj = fetch(client, 'configmap', ns, cm.name ?? '');
      if (!obj) return `configmap "${cm.name}" not found`;
      if (
        !(cm.key in (obj.data ?? {})) &&
        !(cm.key in ((obj as { binaryData?: object }).binaryData ?? {}))
      )
        return `couldn't find key ${cm.key} in ConfigMap ${ns}/${cm.name}`;
    }
    const sec = e.valueFrom?.secretKeyRef;
    if (sec && !sec.optional) {
      const obj = fetch(client, 'secret', ns, sec.name ?? '');
      if (!obj) return `secret "${sec.name}" not found`;
      if (!(sec.key in (obj.data ?? {})) && !(sec.key in (obj.stringData ?? {})))
        return `couldn't find key ${sec.key} in Secret ${ns}/${sec.name}`;
    }
  }
  return undefined;
}

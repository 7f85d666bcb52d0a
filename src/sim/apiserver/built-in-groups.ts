/**
 * The API groups served by kube-apiserver itself (with Go types, patch meta and server-side
 * printers); resources of any other group are custom resources (apiextensions-apiserver).
 */

const builtInGroups = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'discovery.k8s.io',
  'coordination.k8s.io',
  'scheduling.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'apiregistration.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
]);

/** True when kube-apiserver serves the group itself (not a CustomResourceDefinition). */
export function isBuiltInGroup(group: string): boolean {
  return builtInGroups.has(group);
}

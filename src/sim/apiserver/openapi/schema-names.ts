/**
 * Component schema names as kube-openapi writes them: the Go package path of the type, reversed
 * into a dotted name (`io.k8s.api.apps.v1.Deployment`), and for custom resources the reversed group
 * (`com.example.stable.v1.Shirt`).
 */

/** Packages whose Go path does not follow `k8s.io/api/<short group>/<version>`. */
const SPECIAL_PACKAGES: Record<string, string> = {
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'apiregistration.k8s.io': 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

/** The components/schemas key of a kind. */
export function schemaName(group: string, version: string, kind: string, custom = false): string {
  if (custom) return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
  const special = SPECIAL_PACKAGES[group];
  if (special) return `${special}.${version}.${kind}`;
  const short = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').split('.')[0];
  return `io.k8s.api.${short}.${version}.${kind}`;
}

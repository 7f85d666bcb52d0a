/**
 * The kubeconfig that points kubectl at `k8s-explorer serve`: one cluster with an `http://` server
 * (the simulation listens on loopback without TLS or authentication), one user with no
 * credentials, one context in the `default` namespace.
 */

/** The name used for the cluster, the user and the context. */
export const KUBECONFIG_NAME = 'k8s-explorer';

/** A kubeconfig (YAML) whose current context talks to `serverUrl`. */
export function kubeconfigYaml(serverUrl: string, name: string = KUBECONFIG_NAME): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${serverUrl}`,
    'users:',
    `- name: ${name}`,
    '  user: {}',
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    '    namespace: default',
    `current-context: ${name}`,
    'preferences: {}',
    '',
  ].join('\n');
}

/**
 * Bad manifests: what `parseManifest` (the editor, drag-and-drop, `kubectl apply -f`) and the
 * kubectl command layer answer. Upstream texts were checked with real kubectl v1.32
 * (`kubectl apply -f - < bad.yaml`); the YAML messages come from the `yaml` package, not go-yaml,
 * so they say the same thing in other words, at the position the `yaml` package reports.
 */
import type { KubectlEntry, ManifestEntry } from './catalogue.ts';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

/** "Billion laughs": ten levels of nine aliases each, 9^10 strings if expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 0; i < 9; i++) {
    const prev = String.fromCharCode(97 + i);
    const next = String.fromCharCode(98 + i);
    lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${CM}data:\n  ${lines.join('\n  ')}\n`;
}

const YAML_PREFIX = 'error converting YAML to JSON: yaml: ';

export const MANIFEST_ENTRIES: ManifestEntry[] = [
  {
    id: 'manifest/yaml-bad-indentation',
    layer: 'manifest',
    title: 'a key indented under a scalar value',
    input: { text: [`${CM}   bad: indent\n`] },
    // go-yaml: `yaml: line 5: mapping values are not allowed in this context`.
    expect: {
      message: `${YAML_PREFIX}line 4: Nested mappings are not allowed in compact mappings`,
      line: 4,
      column: 9,
      documentIndex: 0,
    },
  },
  {
    id: 'manifest/yaml-unclosed-flow-mapping',
    layer: 'manifest',
    title: 'a flow mapping that never closes',
    input: { text: ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n'] },
    expect: {
      message: `${YAML_PREFIX}line 4: Flow map in block collection must be sufficiently indented and end with a }`,
      line: 4,
      column: 1,
    },
  },
  {
    id: 'manifest/yaml-tab-indentation',
    layer: 'manifest',
    title: 'a tab used for indentation',
    input: { text: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n'] },
    // go-yaml: `yaml: line 4: found character that cannot start any token`.
    expect: {
      message: `${YAML_PREFIX}line 4: Tabs are not allowed as indentation`,
      line: 4,
      column: 1,
    },
  },
  {
    id: 'manifest/yaml-duplicate-key',
    layer: 'manifest',
    title: 'the same key twice in a mapping',
    input: { text: ['apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\n'] },
    expect: { message: `${YAML_PREFIX}line 3: Map keys must be unique`, line: 3, column: 1 },
  },
  {
    id: 'manifest/error-in-second-document',
    layer: 'manifest',
    title: 'a good document, then a broken one',
    input: { text: [`${CM}---\nfoo: [\n`] },
    expect: {
      message: `${YAML_PREFIX}line 7: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      line: 7,
      column: 1,
      documentIndex: 1,
      documents: 1,
    },
  },
  {
    id: 'manifest/not-an-object-scalar',
    layer: 'manifest',
    title: 'a document that is a plain string',
    input: { text: ['hello world\n'] },
    expect: {
      message: 'json: cannot unmarshal string into Go value of type map[string]interface {}',
      line: 1,
      column: 1,
    },
  },
  {
    id: 'manifest/not-an-object-list',
    layer: 'manifest',
    title: 'a document that is a YAML list',
    input: { text: ['- a\n- b\n'] },
    expect: {
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
      line: 1,
      column: 1,
    },
  },
  {
    id: 'manifest/list-item-not-object',
    layer: 'manifest',
    title: 'a kind: List whose second item is a number',
    input: {
      text: [`apiVersion: v1\nkind: List\nitems:\n- ${CM.replace(/\n(?=.)/g, '\n  ')}- 42\n`],
    },
    expect: {
      message: 'json: cannot unmarshal number into Go value of type map[string]interface {}',
      line: 8,
      column: 3,
      documents: 1,
    },
  },
  {
    id: 'manifest/missing-apiversion',
    layer: 'manifest',
    title: 'no apiVersion',
    input: { text: ['kind: ConfigMap\nmetadata:\n  name: x\n'] },
    expect: {
      message: `Object 'apiVersion' is missing in '{"kind":"ConfigMap","metadata":{"name":"x"}}'`,
      line: 1,
      column: 1,
    },
  },
  {
    id: 'manifest/missing-kind',
    layer: 'manifest',
    title: 'no kind',
    input: { text: ['apiVersion: v1\nmetadata:\n  name: x\n'] },
    expect: {
      message: `Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`,
      line: 1,
      column: 1,
    },
  },
  {
    id: 'manifest/alias-bomb',
    layer: 'manifest',
    title: 'billion laughs: 9^10 strings through nested aliases',
    input: { text: [aliasBomb()] },
    expect: {
      message: 'Excessive alias count indicates a resource exhaustion attack',
      line: 1,
      column: 1,
    },
  },
  {
    id: 'manifest/five-megabytes',
    layer: 'manifest',
    title: 'a 5 MiB ConfigMap (over the 3 MiB request limit)',
    input: { text: [`${CM}data:\n  big: "`, { repeat: 'a', times: 5 * 1024 * 1024 }, '"\n'] },
    expect: {
      message: 'manifest is too large: 5242947 characters, the limit is 3145728',
      line: 1,
      column: 1,
    },
  },
  {
    id: 'manifest/deep-flow-nesting',
    layer: 'manifest',
    title: '10,000 nested flow sequences',
    input: {
      text: ['a: ', { repeat: '[', times: 10_000 }, { repeat: ']', times: 10_000 }, '\n'],
    },
    expect: { message: /nest|depth/i, line: 1 },
  },
  {
    id: 'manifest/deep-block-sequences',
    layer: 'manifest',
    title: '10,000 nested block sequences (`- - - ... x`, 20 KB)',
    input: { text: [{ repeat: '- ', times: 10_000 }, 'x\n'] },
    expect: { message: /nest|depth/i, line: 1 },
  },
];

const BAD_TYPE_DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: nginx}]\n';

const MAPPING_HINT = '\nensure CRDs are installed first\n';

export const KUBECTL_ENTRIES: KubectlEntry[] = [
  {
    id: 'kubectl/unknown-kind',
    layer: 'kubectl',
    title: 'apply of a kind the cluster does not serve',
    input: {
      argv: ['apply', '-f', '-'],
      stdin: 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n',
    },
    expect: {
      status: 1,
      message: `error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"${MAPPING_HINT}`,
    },
  },
  {
    id: 'kubectl/removed-cronjob-v1beta1',
    layer: 'kubectl',
    title: 'batch/v1beta1 CronJob (removed in 1.25)',
    input: {
      argv: ['apply', '-f', '-'],
      stdin:
        'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: "* * * * *"\n',
    },
    expect: {
      status: 1,
      message: `error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "CronJob" in version "batch/v1beta1"${MAPPING_HINT}`,
    },
  },
  {
    id: 'kubectl/removed-extensions-deployment',
    layer: 'kubectl',
    title: 'extensions/v1beta1 Deployment (removed in 1.16)',
    input: {
      argv: ['apply', '-f', '-'],
      stdin: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n',
    },
    expect: {
      status: 1,
      message: `error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Deployment" in version "extensions/v1beta1"${MAPPING_HINT}`,
    },
  },
  {
    id: 'kubectl/create-unknown-kind-source-name',
    layer: 'kubectl',
    title: 'create -f - of an unknown kind names the source STDIN',
    input: {
      argv: ['create', '-f', '-'],
      stdin: 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n',
    },
    expect: {
      status: 1,
      message: `error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"${MAPPING_HINT}`,
    },
    current: {
      status: 1,
      message: `error: resource mapping not found for name: "x" namespace: "" from "-": no matches for kind "Foo" in version "v1"${MAPPING_HINT}`,
    },
  },
  {
    id: 'kubectl/yaml-syntax-error',
    layer: 'kubectl',
    title: 'apply -f - of a YAML syntax error',
    input: { argv: ['apply', '-f', '-'], stdin: `${CM}   bad: indent\n` },
    // Real kubectl: `error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context`.
    expect: {
      status: 1,
      message: /^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: /,
    },
    current: {
      status: 1,
      message:
        'error: error parsing -: error converting YAML to JSON: yaml: line 4: Nested mappings are not allowed in compact mappings\n',
    },
  },
  {
    id: 'kubectl/missing-kind',
    layer: 'kubectl',
    title: 'apply -f - of an object without kind',
    input: { argv: ['apply', '-f', '-'], stdin: 'apiVersion: v1\nmetadata:\n  name: x\n' },
    expect: {
      status: 1,
      message:
        'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
    },
    current: {
      status: 1,
      message: `error: error parsing -: Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'\n`,
    },
  },
  {
    id: 'kubectl/wrong-field-type',
    layer: 'kubectl',
    title: 'replicas: three',
    input: { argv: ['apply', '-f', '-'], stdin: BAD_TYPE_DEPLOYMENT },
    expect: {
      status: 1,
      message:
        'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
    },
  },
  {
    id: 'kubectl/unknown-field-strict',
    layer: 'kubectl',
    title: 'an unknown top-level field under the default --validate=strict',
    input: { argv: ['apply', '-f', '-'], stdin: `${CM}foo: bar\n` },
    expect: {
      status: 1,
      message:
        'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "foo"\n',
    },
  },
  {
    id: 'kubectl/unknown-field-warn',
    layer: 'kubectl',
    title: 'an unknown field with --validate=warn (server dry run)',
    input: {
      argv: ['apply', '-f', '-', '--validate=warn', '--dry-run=server'],
      stdin: `${CM}foo: bar\n`,
    },
    expect: { status: 0, message: 'Warning: unknown field "foo"\n' },
    // The apiserver sends the Warning header; applyObject (src/kubectl/apply.ts) drops it.
    current: { status: 0, message: '' },
  },
  {
    id: 'kubectl/replicas-one-billion',
    layer: 'kubectl',
    title: 'a Deployment with replicas: 1000000000',
    input: {
      argv: ['apply', '-f', '-'],
      stdin: BAD_TYPE_DEPLOYMENT.replace('three', '1000000000'),
    },
    expect: {
      status: 1,
      message:
        'Error from server (Invalid): error when creating "STDIN": Deployment.apps "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (the simulation\'s maxReplicas limit)\n',
    },
  },
  {
    id: 'kubectl/scale-one-billion',
    layer: 'kubectl',
    title: 'kubectl scale deployment web --replicas=1000000000',
    input: {
      setup: BAD_TYPE_DEPLOYMENT.replace('three', '1'),
      argv: ['scale', 'deployment', 'web', '--replicas=1000000000'],
    },
    expect: {
      status: 1,
      message:
        'The Deployment "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (the simulation\'s maxReplicas limit)\n',
    },
  },
  {
    id: 'kubectl/statefulset-one-billion',
    layer: 'kubectl',
    title: 'a StatefulSet with replicas: 1000000000',
    input: {
      argv: ['apply', '-f', '-'],
      stdin: BAD_TYPE_DEPLOYMENT.replace('Deployment', 'StatefulSet').replace(
        'replicas: three',
        'replicas: 1000000000\n  serviceName: web',
      ),
    },
    expect: {
      status: 1,
      message:
        'Error from server (Invalid): error when creating "STDIN": StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (the simulation\'s maxReplicas limit)\n',
    },
  },
  {
    id: 'kubectl/hpa-max-one-billion',
    layer: 'kubectl',
    title: 'a HorizontalPodAutoscaler with maxReplicas: 1000000000',
    input: {
      argv: ['apply', '-f', '-'],
      stdin:
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 1000000000\n',
    },
    expect: {
      status: 1,
      message:
        'Error from server (Invalid): error when creating "STDIN": HorizontalPodAutoscaler.autoscaling "h" is invalid: spec.maxReplicas: Invalid value: 1000000000: must be less than or equal to 10000 (the simulation\'s maxReplicas limit)\n',
    },
  },
];

export const DOCUMENT_ENTRIES = [...MANIFEST_ENTRIES, ...KUBECTL_ENTRIES];

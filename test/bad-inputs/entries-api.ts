/**
 * Bad requests at the API: what the simulated kube-apiserver's `handle` answers in-process (the
 * browser's Worker path), and what `k8s-explorer serve` answers on a socket. Messages follow
 * apimachinery's pkg/api/errors and the apiserver's handlers (rest.go, create.go, patch.go).
 */
import type { ApiEntry, HttpEntry, Parts } from './catalogue.ts';

const CMS = '/api/v1/namespaces/default/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

const cm = (meta: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{${meta}}}`;
const deployment = (spec: string) =>
  `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{${spec}"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}`;

/** A ConfigMap's JSON up to where its data starts. */
const CM_HEAD = (name: string) =>
  `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},`;
/** A ConfigMap whose data value is an object nested 10,000 deep. */
const DEEP_BODY: Parts = [
  CM_HEAD('deep'),
  '"data":{"k":',
  { repeat: '{"a":', times: 10_000 },
  '1',
  { repeat: '}', times: 10_000 },
  '}}',
];

const NOT_FOUND = 'the server could not find the requested resource';
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export const APISERVER_ENTRIES: ApiEntry[] = [
  {
    id: 'apiserver/unknown-group',
    layer: 'apiserver',
    title: 'a group the server does not serve',
    input: { method: 'GET', path: '/apis/example.com/v1/foos' },
    expect: { status: 404, reason: 'NotFound', message: NOT_FOUND },
  },
  {
    id: 'apiserver/unknown-core-resource',
    layer: 'apiserver',
    title: 'an unknown resource in the core group',
    input: { method: 'POST', path: '/api/v1/namespaces/default/foos', body: [cm('"name":"x"')] },
    expect: { status: 404, reason: 'NotFound', message: NOT_FOUND },
  },
  {
    id: 'apiserver/removed-cronjob-v1beta1',
    layer: 'apiserver',
    title: 'POST to batch/v1beta1 cronjobs (removed in 1.25)',
    input: {
      method: 'POST',
      path: '/apis/batch/v1beta1/namespaces/default/cronjobs',
      body: ['{"apiVersion":"batch/v1beta1","kind":"CronJob","metadata":{"name":"x"}}'],
    },
    expect: { status: 404, reason: 'NotFound', message: NOT_FOUND },
  },
  {
    id: 'apiserver/removed-extensions-deployment',
    layer: 'apiserver',
    title: 'POST to extensions/v1beta1 deployments (removed in 1.16)',
    input: {
      method: 'POST',
      path: '/apis/extensions/v1beta1/namespaces/default/deployments',
      body: ['{"apiVersion":"extensions/v1beta1","kind":"Deployment","metadata":{"name":"x"}}'],
    },
    expect: { status: 404, reason: 'NotFound', message: NOT_FOUND },
  },
  {
    id: 'apiserver/wrong-field-type',
    layer: 'apiserver',
    title: 'replicas: "three" with fieldValidation=Strict',
    input: {
      method: 'POST',
      path: DEPLOYS,
      query: { fieldValidation: 'Strict' },
      body: [deployment('"replicas":"three",')],
    },
    expect: {
      status: 400,
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
  },
  {
    id: 'apiserver/wrong-field-type-no-field-validation',
    layer: 'apiserver',
    title: 'replicas: "three" from a client that sends no fieldValidation',
    input: { method: 'POST', path: DEPLOYS, body: [deployment('"replicas":"three",')] },
    // Upstream decodes into Go types whatever fieldValidation says: type errors are always 400.
    expect: {
      status: 400,
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
  },
  {
    id: 'apiserver/unknown-field-strict',
    layer: 'apiserver',
    title: 'spec.foo with fieldValidation=Strict',
    input: {
      method: 'POST',
      path: DEPLOYS,
      query: { fieldValidation: 'Strict' },
      body: [deployment('"foo":1,')],
    },
    expect: {
      status: 400,
      reason: 'BadRequest',
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
    },
  },
  {
    id: 'apiserver/unknown-field-warn',
    layer: 'apiserver',
    title: 'spec.foo with fieldValidation=Warn (server dry run: accepted, warned, not stored)',
    input: {
      method: 'POST',
      path: DEPLOYS,
      query: { fieldValidation: 'Warn', dryRun: 'All' },
      body: [deployment('"foo":1,')],
    },
    expect: { status: 201, message: '', warning: '299 - "unknown field \\"spec.foo\\""' },
  },
  {
    id: 'apiserver/invalid-name',
    layer: 'apiserver',
    title: 'metadata.name "Bad_Name"',
    input: { method: 'POST', path: CMS, body: [cm('"name":"Bad_Name"')] },
    expect: {
      status: 422,
      reason: 'Invalid',
      message: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`,
    },
  },
  {
    id: 'apiserver/name-too-long',
    layer: 'apiserver',
    title: 'a 254-character name',
    input: { method: 'POST', path: CMS, body: [cm(`"name":"${'a'.repeat(254)}"`)] },
    expect: {
      status: 422,
      reason: 'Invalid',
      message: `ConfigMap "${'a'.repeat(254)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`,
    },
  },
  {
    id: 'apiserver/invalid-label-value',
    layer: 'apiserver',
    title: 'label value "bad value!"',
    input: { method: 'POST', path: CMS, body: [cm('"name":"ok","labels":{"app":"bad value!"}')] },
    expect: {
      status: 422,
      reason: 'Invalid',
      message: `ConfigMap "ok" is invalid: metadata.labels: Invalid value: "bad value!": ${LABEL_VALUE}`,
    },
  },
  {
    id: 'apiserver/replicas-one-billion',
    layer: 'apiserver',
    title: 'replicas: 1000000000 (the configured maxReplicas is 10,000)',
    input: { method: 'POST', path: DEPLOYS, body: [deployment('"replicas":1000000000,')] },
    expect: {
      status: 422,
      reason: 'Invalid',
      message:
        'Deployment.apps "web" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (the simulation\'s maxReplicas limit)',
    },
  },
  {
    id: 'apiserver/job-parallelism-one-billion',
    layer: 'apiserver',
    title: 'a Job with parallelism and completions of one billion',
    input: {
      method: 'POST',
      path: '/apis/batch/v1/namespaces/default/jobs',
      body: [
        '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"parallelism":1000000000,"completions":1000000000,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}',
      ],
    },
    expect: {
      status: 422,
      reason: 'Invalid',
      message:
        /^Job\.batch "j" is invalid: .*spec\.parallelism: Invalid value: 1000000000: must be less than or equal to 10000 \(the simulation's maxReplicas limit\)/,
    },
  },
  {
    id: 'apiserver/body-not-an-object',
    layer: 'apiserver',
    title: 'a JSON string as the body of a create',
    input: { method: 'POST', path: CMS, body: ['"hello"'] },
    // Upstream: `couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string ...; Kind string ... }`.
    expect: {
      status: 400,
      reason: 'BadRequest',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    },
  },
  {
    id: 'apiserver/kind-mismatch',
    layer: 'apiserver',
    title: 'a Secret posted to configmaps',
    input: {
      method: 'POST',
      path: CMS,
      body: ['{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}'],
    },
    expect: {
      status: 400,
      reason: 'BadRequest',
      message: 'the kind in the data (Secret) does not match the expected kind (ConfigMap)',
    },
  },
  {
    id: 'apiserver/namespace-missing',
    layer: 'apiserver',
    title: 'a create in a namespace that does not exist',
    input: { method: 'POST', path: '/api/v1/namespaces/nope/configmaps', body: [cm('"name":"x"')] },
    expect: { status: 404, reason: 'NotFound', message: 'namespaces "nope" not found' },
  },
  {
    id: 'apiserver/deep-body-strict',
    layer: 'apiserver',
    title: 'ConfigMap data value nested 10,000 objects deep, fieldValidation=Strict',
    input: {
      method: 'POST',
      path: CMS,
      query: { fieldValidation: 'Strict' },
      body: DEEP_BODY,
    },
    expect: {
      status: 400,
      reason: 'BadRequest',
      // Go's decoder names the struct field path; whether the map key follows it varies by version.
      message:
        /^ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field ConfigMap\.data(\.k)? of type string$/,
    },
  },
  {
    id: 'apiserver/deep-body-no-field-validation',
    layer: 'apiserver',
    title: 'the same 10,000-deep body from a client that sends no fieldValidation',
    input: {
      method: 'POST',
      path: CMS,
      body: DEEP_BODY,
    },
    expect: {
      status: 400,
      reason: 'BadRequest',
      // Go's decoder names the struct field path; whether the map key follows it varies by version.
      message:
        /^ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field ConfigMap\.data(\.k)? of type string$/,
    },
  },
  {
    id: 'apiserver/configmap-over-1mib',
    layer: 'apiserver',
    title: 'a 5 MiB ConfigMap through the in-process API (no HTTP size limit on this path)',
    input: {
      method: 'POST',
      path: CMS,
      body: [CM_HEAD('big'), '"data":{"x":"', { repeat: 'a', times: 5 * 1024 * 1024 }, '"}}'],
    },
    expect: {
      status: 422,
      reason: 'Invalid',
      message:
        /^ConfigMap "big" is invalid: \[\]: Too long: (may not be more than|must have at most) 1048576 bytes$/,
    },
  },
];

const JSON_HEADERS = { 'content-type': 'application/json' };
const LIMIT = 'Request entity too large: limit is 3145728';

export const HTTP_ENTRIES: HttpEntry[] = [
  {
    id: 'http/json-body-over-limit',
    layer: 'http',
    title: 'a 3 MiB + 20 B JSON body',
    input: {
      method: 'POST',
      url: CMS,
      headers: JSON_HEADERS,
      body: ['{"a":"', { repeat: 'x', times: 3 * 1024 * 1024 }, '", "b": 12345678}'],
    },
    expect: { status: 413, reason: 'RequestEntityTooLarge', message: LIMIT },
  },
  {
    id: 'http/yaml-body-over-limit',
    layer: 'http',
    title: 'a 4 MiB server-side apply YAML body',
    input: {
      method: 'PATCH',
      url: `${CMS}/x?fieldManager=fuzz`,
      headers: { 'content-type': 'application/apply-patch+yaml' },
      body: ['a: ', { repeat: 'x', times: 4 * 1024 * 1024 }],
    },
    expect: { status: 413, reason: 'RequestEntityTooLarge', message: LIMIT },
  },
  {
    id: 'http/declared-length-over-limit',
    layer: 'http',
    title: 'Content-Length of 10 GB with no body sent',
    input: {
      method: 'POST',
      url: CMS,
      raw: `POST ${CMS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n`,
    },
    expect: { status: 413, reason: 'RequestEntityTooLarge', message: LIMIT },
  },
  {
    id: 'http/malformed-json',
    layer: 'http',
    title: 'JSON cut off after the first field',
    input: { method: 'POST', url: CMS, headers: JSON_HEADERS, body: ['{"apiVersion": "v1",'] },
    // Upstream's detail is Go's (`unexpected end of JSON input`); the prefix is the apiserver's.
    expect: {
      status: 400,
      reason: 'BadRequest',
      message: /^couldn't get version\/kind; json parse error: \S/,
    },
  },
  {
    id: 'http/malformed-yaml',
    layer: 'http',
    title: 'a server-side apply body with a YAML syntax error',
    input: {
      method: 'PATCH',
      url: `${CMS}/x?fieldManager=fuzz`,
      headers: { 'content-type': 'application/apply-patch+yaml' },
      body: ['a: [\n'],
    },
    expect: { status: 400, reason: 'BadRequest', message: /^error converting YAML to JSON: / },
  },
  {
    id: 'http/unknown-path',
    layer: 'http',
    title: 'GET of a group that does not exist',
    input: { method: 'GET', url: '/apis/nope/v1/things' },
    expect: { status: 404, reason: 'NotFound', message: NOT_FOUND },
  },
  {
    id: 'http/unknown-root-path',
    layer: 'http',
    title: 'GET /wp-admin (outside the API)',
    input: { method: 'GET', url: '/wp-admin/' },
    expect: { status: 404, reason: 'NotFound', message: NOT_FOUND },
  },
  {
    id: 'http/unsupported-media-type',
    layer: 'http',
    title: 'an XML body',
    input: {
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'application/xml' },
      body: ['<a/>'],
    },
    expect: {
      status: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got application/xml)',
    },
  },
  {
    id: 'http/unknown-method',
    layer: 'http',
    title: 'PROPFIND',
    input: { method: 'PROPFIND', url: '/api/v1/namespaces' },
    expect: {
      status: 405,
      reason: 'MethodNotAllowed',
      message: 'the server does not allow this method on the requested resource (PROPFIND)',
    },
  },
  {
    id: 'http/header-over-limit',
    layer: 'http',
    title: 'a 40 KB header (limit 32 KiB)',
    input: {
      method: 'GET',
      url: '/api/v1/namespaces',
      headers: { 'x-padding': 'a'.repeat(40_000) },
    },
    expect: { status: 431, message: '' },
  },
  {
    id: 'http/garbage-request-line',
    layer: 'http',
    title: 'bytes that are not HTTP',
    input: { method: '', url: '', raw: '\u0016\u0003\u0001 hello, not http\r\n\r\n' },
    expect: { status: 400, message: '' },
  },
];

export const API_ENTRIES = [...APISERVER_ENTRIES, ...HTTP_ENTRIES];

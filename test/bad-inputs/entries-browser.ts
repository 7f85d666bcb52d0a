/**
 * Bad input that arrives in the browser without a server: share links (the URL fragment, decoded
 * by src/ui/share/share-link.ts) and postMessage calls from an embedding page (validated by
 * src/ui/embed/embed-messages.ts). Every refusal is a sentence for the user; nothing is acted on.
 */
import type { EmbedEntry, ShareEntry } from './catalogue.ts';

const SHARE = 'This share link cannot be opened: ';
const GOOD_EXPERIMENT =
  '{"files":[{"name":"a.yaml","text":"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: x\\n"}],"cluster":{"workers":3,"controlPlanes":1,"seed":1},"timeline":"","atMs":0}';

export const SHARE_ENTRIES: ShareEntry[] = [
  {
    id: 'share-link/no-version',
    layer: 'share-link',
    title: 'a fragment without a format version',
    input: 'eJxLTEoGAAJNASc',
    expect: { message: `${SHARE}it is not a k8s-explorer link (no format version).` },
  },
  {
    id: 'share-link/version-not-a-number',
    layer: 'share-link',
    title: 'a format version that is not a number',
    input: 'v1.eJxLTEoGAAJNASc',
    expect: { message: `${SHARE}its format version is not a number.` },
  },
  {
    id: 'share-link/future-version',
    layer: 'share-link',
    title: 'a link from a newer format (2)',
    input: { json: [GOOD_EXPERIMENT], version: '2' },
    expect: {
      message: `${SHARE}it was made by a newer version of k8s-explorer (link format 2; this version reads format 1 and older).`,
    },
  },
  {
    id: 'share-link/version-zero',
    layer: 'share-link',
    title: 'format version 0',
    input: { json: [GOOD_EXPERIMENT], version: '0' },
    expect: { message: `${SHARE}link format 0 does not exist.` },
  },
  {
    id: 'share-link/empty-payload',
    layer: 'share-link',
    title: 'a version and nothing else',
    input: '1.',
    expect: { message: `${SHARE}it is truncated or corrupted (invalid characters).` },
  },
  {
    id: 'share-link/invalid-characters',
    layer: 'share-link',
    title: 'characters outside base64url (a mangled paste)',
    input: '1.eJx<script>alert(1)</script>',
    expect: { message: `${SHARE}it is truncated or corrupted (invalid characters).` },
  },
  {
    id: 'share-link/truncated',
    layer: 'share-link',
    title: 'a valid link cut after 40 characters',
    input: { json: [GOOD_EXPERIMENT], cut: 40 },
    expect: { message: `${SHARE}it is truncated or corrupted (the data does not decompress).` },
  },
  {
    id: 'share-link/truncated-by-one',
    layer: 'share-link',
    title: 'a valid link missing its last character',
    input: { json: [GOOD_EXPERIMENT], cut: -1 },
    expect: { message: `${SHARE}it is truncated or corrupted (the data does not decompress).` },
  },
  {
    id: 'share-link/corrupted-byte',
    layer: 'share-link',
    title: 'a valid link with one character changed near the start',
    input: { json: [GOOD_EXPERIMENT], flip: 3 },
    expect: { message: `${SHARE}it is truncated or corrupted (the data does not decompress).` },
  },
  {
    id: 'share-link/corrupted-deep-in-payload',
    layer: 'share-link',
    title: 'a valid link with one character changed inside the compressed text',
    input: { json: [GOOD_EXPERIMENT], flip: 99 },
    expect: { message: `${SHARE}it is truncated or corrupted (the data does not decompress).` },
  },
  {
    id: 'share-link/not-json',
    layer: 'share-link',
    title: 'compressed text that is not JSON',
    input: { json: ['hello, world'] },
    expect: { message: `${SHARE}it is corrupted (the content is not valid JSON).` },
  },
  {
    id: 'share-link/not-an-experiment',
    layer: 'share-link',
    title: 'compressed JSON that is a list',
    input: { json: ['[1,2,3]'] },
    expect: { message: `${SHARE}its content is not an experiment.` },
  },
  {
    id: 'share-link/decompresses-to-3mib',
    layer: 'share-link',
    title: 'a 3 KB link that inflates to 3 MiB',
    input: {
      json: [
        '{"files":[{"name":"a.yaml","text":"',
        { repeat: ' ', times: 3 * 1024 * 1024 },
        '"}],"cluster":{"workers":3,"controlPlanes":1,"seed":1},"timeline":"","atMs":0}',
      ],
    },
    expect: { message: `${SHARE}its content is larger than the 2 MB limit.` },
  },
  {
    id: 'share-link/thousand-workers',
    layer: 'share-link',
    title: 'cluster options asking for 1,000,000 workers',
    input: { json: [GOOD_EXPERIMENT.replace('"workers":3', '"workers":1000000')] },
    expect: { message: `${SHARE}its cluster options are invalid.` },
  },
  {
    id: 'share-link/too-many-files',
    layer: 'share-link',
    title: '51 files',
    input: {
      json: [
        '{"files":[',
        { repeat: '{"name":"a","text":""},', times: 50 },
        '{"name":"a","text":""}],"cluster":{"workers":3,"controlPlanes":1,"seed":1},"timeline":"","atMs":0}',
      ],
    },
    expect: { message: `${SHARE}its file list is invalid.` },
  },
  {
    id: 'share-link/clock-far-future',
    layer: 'share-link',
    title: 'a moment a year into the simulation',
    input: { json: [GOOD_EXPERIMENT.replace('"atMs":0', '"atMs":31536000000')] },
    expect: { message: `${SHARE}its clock position is invalid.` },
  },
];

const ORIGIN = 'https://docs.example';
const allowed = (data: string, origin = ORIGIN) => ({
  origin,
  allowedOrigins: [ORIGIN],
  data: [data],
});

export const EMBED_ENTRIES: EmbedEntry[] = [
  {
    id: 'embed-message/disallowed-origin',
    layer: 'embed-message',
    title: 'a valid apply from an origin not in the allow list',
    input: allowed('{"k8sExplorer":1,"type":"apply","yaml":"kind: x"}', 'https://evil.example'),
    expect: { ignored: true, message: '' },
  },
  {
    id: 'embed-message/null-origin',
    layer: 'embed-message',
    title: 'a message from a sandboxed iframe (origin "null")',
    input: allowed('{"k8sExplorer":1,"type":"play"}', 'null'),
    expect: { ignored: true, message: '' },
  },
  {
    id: 'embed-message/foreign-message',
    layer: 'embed-message',
    title: "another script's message on the same page",
    input: allowed('{"type":"webpackOk"}'),
    expect: { ignored: true, message: '' },
  },
  {
    id: 'embed-message/not-an-object',
    layer: 'embed-message',
    title: 'a bare string',
    input: allowed('"apply everything"'),
    expect: { ignored: true, message: '' },
  },
  {
    id: 'embed-message/future-protocol',
    layer: 'embed-message',
    title: 'protocol version 2',
    input: allowed('{"k8sExplorer":2,"id":"r1","type":"play"}'),
    expect: { message: 'unsupported protocol version 2; this embed speaks 1' },
  },
  {
    id: 'embed-message/unknown-type',
    layer: 'embed-message',
    title: 'type "eval"',
    input: allowed('{"k8sExplorer":1,"id":"r2","type":"eval","code":"alert(1)"}'),
    expect: { message: 'unknown message type "eval"' },
  },
  {
    id: 'embed-message/missing-type',
    layer: 'embed-message',
    title: 'no type at all',
    input: allowed('{"k8sExplorer":1}'),
    expect: { message: 'unknown message type undefined' },
  },
  {
    id: 'embed-message/apply-without-yaml',
    layer: 'embed-message',
    title: 'apply with yaml: 42',
    input: allowed('{"k8sExplorer":1,"type":"apply","yaml":42}'),
    expect: { message: '"apply" needs a non-empty "yaml" string' },
  },
  {
    id: 'embed-message/apply-too-large',
    layer: 'embed-message',
    title: 'apply with 2 MiB of YAML',
    input: {
      origin: ORIGIN,
      allowedOrigins: [ORIGIN],
      data: [
        '{"k8sExplorer":1,"type":"apply","yaml":"',
        { repeat: 'a', times: 2 * 1024 * 1024 },
        '"}',
      ],
    },
    expect: { message: '"yaml" is larger than 1048576 characters' },
  },
  {
    id: 'embed-message/kubectl-empty',
    layer: 'embed-message',
    title: 'kubectl with a blank command',
    input: allowed('{"k8sExplorer":1,"type":"kubectl","command":"   "}'),
    expect: { message: '"kubectl" needs a "command" string' },
  },
  {
    id: 'embed-message/seek-negative',
    layer: 'embed-message',
    title: 'seek to -1 ms',
    input: allowed('{"k8sExplorer":1,"type":"seek","atMs":-1}'),
    expect: {
      message: '"seek" needs "atMs", a number of virtual milliseconds between 0 and 7 days',
    },
  },
  {
    id: 'embed-message/seek-huge',
    layer: 'embed-message',
    title: 'seek to 1e300 ms',
    input: allowed('{"k8sExplorer":1,"type":"seek","atMs":1e300}'),
    expect: {
      message: '"seek" needs "atMs", a number of virtual milliseconds between 0 and 7 days',
    },
  },
  {
    id: 'embed-message/subscribe-unknown-event',
    layer: 'embed-message',
    title: 'subscribe to "keystrokes"',
    input: allowed('{"k8sExplorer":1,"type":"subscribe","events":["clock","keystrokes"]}'),
    expect: { message: '"subscribe" needs "events", a list of clock, change, event' },
  },
  {
    id: 'embed-message/id-too-long',
    layer: 'embed-message',
    title: 'an id of 101 characters',
    input: allowed(`{"k8sExplorer":1,"id":"${'i'.repeat(101)}","type":"play"}`),
    expect: { message: '"id" must be a string of at most 100 characters' },
  },
  {
    id: 'embed-message/proto-pollution',
    layer: 'embed-message',
    title: 'a play message carrying __proto__ and constructor keys',
    input: allowed(
      '{"k8sExplorer":1,"type":"play","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    ),
    // Accepted as a plain play request; the test also checks Object.prototype stays clean.
    expect: { message: '' },
  },
];

export const BROWSER_ENTRIES = [...SHARE_ENTRIES, ...EMBED_ENTRIES];

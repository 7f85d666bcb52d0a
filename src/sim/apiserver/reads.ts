/**
 * Reads: list with label/field selectors, `limit`/`continue` pagination and resourceVersion
 * semantics (apiserver pkg/storage/cacher and etcd3/store.go GetList), and watch with the
 * watch cache's resourceVersion rules (unset or "0": current state as ADDED, then changes; N:
 * changes after N; compacted N: an ERROR event with a 410 Expired Status).
 */
import type { KubeObject } from '../api/types.ts';
import type { Etcd, KeyValue } from '../store/etcd.ts';
import type { ResourceInfo } from './resources.ts';
import type { FieldRequirement, LabelSelector } from './selectors.ts';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
import { badRequest, expired, type StatusDetails } from './status.ts';
import type { Status } from '../api/types.ts';
import { base64Decode, base64Encode } from './object-util.ts';
import { INITIAL_EVENTS_END_ANNOTATION, ServerWatch, type WatchHub } from './watch.ts';

export interface Filters {
  labels?: LabelSelector;
  fields?: FieldRequirement[];
}

/** Parses labelSelector and fieldSelector; a 400 Status when either is malformed. */
export function parseFilters(info: ResourceInfo, query: Record<string, string>): Filters | Status {
  const out: Filters = {};
  if (query.labelSelector) {
    const parsed = parseLabelSelector(query.labelSelector);
    if (!parsed.ok) return badRequest(parsed.message);
    out.labels = parsed.value;
  }
  if (query.fieldSelector) {
    const parsed = parseFieldSelector(
      query.fieldSelector,
      info.resource,
      info.crd ? (info.selectableFields ?? []) : undefined,
    );
    if (!parsed.ok) return badRequest(parsed.message);
    out.fields = parsed.value;
  }
  return out;
}

function passes(filters: Filters, obj: KubeObject): boolean {
  if (
    filters.labels &&
    filters.labels.length > 0 &&
    !matchesLabels(filters.labels, obj.metadata?.labels)
  )
    return false;
  if (filters.fields && filters.fields.length > 0 && !matchesFields(filters.fields, obj))
    return false;
  return true;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

const TOO_OLD_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** Lists objects under `prefix` (resource or resource+namespace, with trailing slash). */
export function listObjects(
  etcd: Etcd,
  info: ResourceInfo,
  prefix: string,
  query: Record<string, string>,
  filters: Filters,
): ListResult | Status {
  const resourceBase = `${info.etcdPrefix}/`;
  let revision = etcd.revision();
  let startAfter: string | undefined;
  if (query.continue) {
    const token = decodeContinue(query.continue);
    if (!token)
      return badRequest(
        `continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`,
      );
    revision = token.rv;
    startAfter =
      resourceBase + (token.start.endsWith('\u0000') ? token.start.slice(0, -1) : token.start);
  } else if (
    query.resourceVersion &&
    query.resourceVersion !== '0' &&
    query.resourceVersionMatch === 'Exact'
  ) {
    revision = Number(query.resourceVersion);
    if (!Number.isInteger(revision) || revision <= 0)
      return badRequest(`invalid resource version: ${query.resourceVersion}`);
  }
  const limit = query.limit ? Math.max(0, Number(query.limit) || 0) : 0;
  const filtered = Boolean(
    (filters.labels && filters.labels.length) || (filters.fields && filters.fields.length),
  );
  let kvs: KeyValue[];
  let more = 0;
  if (revision < etcd.revision() && etcd.changedSince(prefix, revision)) {
    const past = etcd.rangeAt(prefix, revision);
    if (!past.ok)
      return query.continue
        ? expired(TOO_OLD_CONTINUE)
        : expired(`too old resource version: ${revision} (${past.revision})`);
    kvs =
      startAfter === undefined
        ? past.kvs
        : past.kvs.filter((kv) => kv.key > (startAfter as string));
  } else if (!filtered) {
    const page = etcd.range(prefix, { startAfter, limit });
    kvs = page.kvs;
    more = page.more;
  } else {
    kvs = etcd.range(prefix, { startAfter }).kvs;
  }
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let index = 0;
  for (; index < kvs.length; index++) {
    if (limit > 0 && items.length >= limit) break;
    const kv = kvs[index];
    if (filtered && !passes(filters, kv.value)) continue;
    items.push(kv.value);
    lastKey = kv.key;
  }
  let remaining = more + (kvs.length - index);
  if (filtered && index < kvs.length) {
    // Only a continue token is given when selectors are in use (no remainingItemCount upstream).
    remaining = 0;
    for (let i = index; i < kvs.length; i++) if (passes(filters, kvs[i].value)) remaining++;
  }
  const result: ListResult = { items, resourceVersion: String(revision) };
  if (limit > 0 && remaining > 0 && lastKey !== undefined) {
    result.continue = encodeContinue(revision, lastKey.slice(resourceBase.length) + '\u0000');
    if (!filtered) result.remainingItemCount = remaining;
  }
  return result;
}

function encodeContinue(rv: number, start: string): string {
  return base64Encode(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start }));
}

function decodeContinue(token: string): { rv: number; start: string } | undefined {
  const text = base64Decode(token.replace(/-/g, '+').replace(/_/g, '/'));
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { v?: string; rv?: number; start?: string };
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    )
      return undefined;
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    return undefined;
  }
}

export interface WatchRequest {
  info: ResourceInfo;
  prefix: string;
  query: Record<string, string>;
  filters: Filters;
  transform: (obj: KubeObject) => KubeObject;
  bookmarkKind: string;
  bookmarkApiVersion: string;
}

/** Opens a watch: initial events or history replay, then live changes, all delivered on the clock. */
export function openWatch(
  etcd: Etcd,
  hub: WatchHub,
  resourcePrefix: string,
  req: WatchRequest,
): ServerWatch {
  const query = req.query;
  const allowBookmarks = query.allowWatchBookmarks === 'true' || query.allowWatchBookmarks === '1';
  const timeout = query.timeoutSeconds ? Number(query.timeoutSeconds) * 1000 : undefined;
  const watch = new ServerWatch(
    {
      prefix: req.prefix,
      labels: req.filters.labels,
      fields: req.filters.fields,
      transform: req.transform,
      bookmarkKind: req.bookmarkKind,
      bookmarkApiVersion: req.bookmarkApiVersion,
      allowBookmarks,
      timeoutMs: timeout,
      revision: () => etcd.revision(),
    },
    hub,
  );
  const rvText = query.resourceVersion ?? '';
  const sendInitial = query.sendInitialEvents === 'true' || rvText === '' || rvText === '0';
  if (sendInitial) {
    // "Get state and start at most recent": synthetic ADDED events for what exists now.
    for (const kv of etcd.range(req.prefix).kvs) {
      if (watch.matches(kv.key, kv.value)) hub.enqueue(watch, { type: 'ADDED', object: kv.value });
    }
    if (query.sendInitialEvents === 'true' && allowBookmarks) {
      hub.enqueue(watch, {
        type: 'BOOKMARK',
        object: watch.bookmark({ [INITIAL_EVENTS_END_ANNOTATION]: 'true' }),
      });
    }
  } else {
    const rv = Number(rvText);
    if (!Number.isInteger(rv) || rv < 0) {
      hub.enqueue(
        watch,
        { type: 'ERROR', object: badRequest(`invalid resource version: ${rvText}`) },
        true,
      );
      return watch;
    }
    if (!etcd.canReplayFrom(rv)) {
      // cacher/watch_cache.go: "too old resource version: %d (%d)", requested and oldest-1.
      const status = expired(`too old resource version: ${rv} (${etcd.compactedRevision()})`);
      hub.enqueue(watch, { type: 'ERROR', object: status }, true);
      return watch;
    }
    for (const event of etcd.eventsSince(rv)) hub.convert(watch, event);
  }
  hub.add(watch, resourcePrefix);
  watch.startTimers();
  return watch;
}

export type { StatusDetails };

/**
 * The query and path parameters of the apiserver's operations, as a 1.32 apiserver declares them
 * in its OpenAPI documents (descriptions shortened), and the lists each verb takes.
 */
import type { JsonObject } from './paths.ts';

export interface Param {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  type: 'string' | 'boolean' | 'integer';
}

export const QUERY = {
  pretty: {
    name: 'pretty',
    in: 'query',
    type: 'string',
    description: "If 'true', then the output is pretty printed.",
  },
  dryRun: {
    name: 'dryRun',
    in: 'query',
    type: 'string',
    description:
      'When present, indicates that modifications should not be persisted. Valid value: All.',
  },
  fieldManager: {
    name: 'fieldManager',
    in: 'query',
    type: 'string',
    description:
      'fieldManager is a name associated with the actor or entity that is making these changes.',
  },
  fieldValidation: {
    name: 'fieldValidation',
    in: 'query',
    type: 'string',
    description:
      'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.',
  },
  force: {
    name: 'force',
    in: 'query',
    type: 'boolean',
    description:
      'Force is going to "force" Apply requests. It must be unset for non-apply patch requests.',
  },
  gracePeriodSeconds: {
    name: 'gracePeriodSeconds',
    in: 'query',
    type: 'integer',
    description: 'The duration in seconds before the object should be deleted.',
  },
  propagationPolicy: {
    name: 'propagationPolicy',
    in: 'query',
    type: 'string',
    description:
      "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.",
  },
  orphanDependents: {
    name: 'orphanDependents',
    in: 'query',
    type: 'boolean',
    description: 'Deprecated: please use the PropagationPolicy.',
  },
  labelSelector: {
    name: 'labelSelector',
    in: 'query',
    type: 'string',
    description: 'A selector to restrict the list of returned objects by their labels.',
  },
  fieldSelector: {
    name: 'fieldSelector',
    in: 'query',
    type: 'string',
    description: 'A selector to restrict the list of returned objects by their fields.',
  },
  limit: {
    name: 'limit',
    in: 'query',
    type: 'integer',
    description: 'limit is a maximum number of responses to return for a list call.',
  },
  continue: {
    name: 'continue',
    in: 'query',
    type: 'string',
    description: 'The continue option should be set when retrieving more results from the server.',
  },
  resourceVersion: {
    name: 'resourceVersion',
    in: 'query',
    type: 'string',
    description:
      'resourceVersion sets a constraint on what resource versions a request may be served from.',
  },
  resourceVersionMatch: {
    name: 'resourceVersionMatch',
    in: 'query',
    type: 'string',
    description: 'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  },
  timeoutSeconds: {
    name: 'timeoutSeconds',
    in: 'query',
    type: 'integer',
    description: 'Timeout for the list/watch call.',
  },
  watch: {
    name: 'watch',
    in: 'query',
    type: 'boolean',
    description:
      'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
  },
  allowWatchBookmarks: {
    name: 'allowWatchBookmarks',
    in: 'query',
    type: 'boolean',
    description: 'allowWatchBookmarks requests watch events with type "BOOKMARK".',
  },
  sendInitialEvents: {
    name: 'sendInitialEvents',
    in: 'query',
    type: 'boolean',
    description: 'sendInitialEvents=true may be set together with watch=true.',
  },
} satisfies Record<string, Param>;

export const LIST_PARAMS = [
  QUERY.allowWatchBookmarks,
  QUERY.continue,
  QUERY.fieldSelector,
  QUERY.labelSelector,
  QUERY.limit,
  QUERY.resourceVersion,
  QUERY.resourceVersionMatch,
  QUERY.sendInitialEvents,
  QUERY.timeoutSeconds,
  QUERY.watch,
];
export const WRITE_PARAMS = [QUERY.dryRun, QUERY.fieldManager, QUERY.fieldValidation];
export const PATCH_PARAMS = [...WRITE_PARAMS, QUERY.force];
export const DELETE_PARAMS = [
  QUERY.dryRun,
  QUERY.gracePeriodSeconds,
  QUERY.orphanDependents,
  QUERY.propagationPolicy,
];

/** The OpenAPI 3 parameter object of a Param. */
export function parameter(p: Param): JsonObject {
  const out: JsonObject = {
    name: p.name,
    in: p.in,
    description: p.description,
    schema: { type: p.type, uniqueItems: true },
  };
  if (p.in === 'path' || p.required) out.required = true;
  return out;
}

/**
 * Per-resource behaviour of the registry, as each pkg/registry/<group>/<resource>/strategy.go
 * defines it: defaulting (pkg/apis/<group>/v1/defaults.go), admission, validation
 * (pkg/apis/<group>/validation), allocation before storing and clean-up after deletion.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { KubeObject, Status } from '../api/types.ts';
import type { FieldError } from './status.ts';
import type { ResourceInfo } from './resources.ts';

/** What a strategy may look at while it works on one request. */
export interface StrategyContext {
  clock: Clock;
  rng: Rng;
  info: ResourceInfo;
  /** Largest replicas/parallelism/completions accepted (a guard for the simulation's size). */
  maxReplicas: number;
  /** ServiceAccount admission refuses pods whose service account does not exist. */
  enforceServiceAccounts: boolean;
  dryRun: boolean;
  /**
   * The name admission errors name: the generateName prefix when the server generates the name
   * (upstream admission runs before rest.BeforeCreate names the object: admission.NewForbidden's
   * extractResourceName), else metadata.name. Set on create only.
   */
  admissionName?: string;
  /** Reads a current object by resource plural (built-in group resolved by the registry), namespace and name. */
  lookup(
    group: string,
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Lists current objects of a resource in a namespace (all namespaces when undefined). */
  list(group: string, resource: string, namespace: string | undefined): KubeObject[];
  /** Cluster-wide allocators (Service IPs, node ports). */
  allocators: Allocators;
}

export interface Allocators {
  /** Allocates a ClusterIP; `requested` must be free and in range. Returns the IP or a field error. */
  allocateClusterIP(requested: string | undefined, fieldPath: string): string | FieldError;
  releaseClusterIP(ip: string): void;
  allocateNodePort(requested: number | undefined, fieldPath: string): number | FieldError;
  releaseNodePort(port: number): void;
}

export interface Strategy {
  /** Fills defaults in the (already cloned) object. */
  defaults?(obj: KubeObject, ctx: StrategyContext): void;
  /** Resets fields a client may not set on create (usually status). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Keeps fields a main-resource update may not change (e.g. namespace spec.finalizers). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Admission plugins that can refuse with a Status (PriorityClass, DefaultTolerationSeconds...). */
  admit?(obj: KubeObject, old: KubeObject | undefined, ctx: StrategyContext): Status | undefined;
  validate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Validation of a status update (the spec is unchanged by construction). */
  validateStatus?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Allocations after validation (ClusterIPs, NodePorts); errors are field errors (422). */
  allocate?(obj: KubeObject, old: KubeObject | undefined, ctx: StrategyContext): FieldError[];
  /** Releases what `allocate` took (on delete, on a failed write, after a dry run). */
  release?(obj: KubeObject, old: KubeObject | undefined, ctx: StrategyContext): void;
  /** Which part of the object counts as spec for the generation (default: everything but metadata and status). */
  specOf?(obj: KubeObject): unknown;
}

/** Strategies by `group/resource` (core: `/pods`). */
export type StrategyTable = Record<string, Strategy>;

/** The part of an object whose change bumps metadata.generation. */
export function defaultSpecOf(obj: KubeObject): unknown {
  const rest: Record<string, unknown> = {};
  for (const key in obj) {
    if (key === 'metadata' || key === 'status' || key === 'kind' || key === 'apiVersion') continue;
    rest[key] = obj[key];
  }
  return rest;
}

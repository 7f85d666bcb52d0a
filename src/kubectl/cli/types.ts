/**
 * The contract of the command layer: what `runKubectl` needs from its host (a transport and a
 * clock) and what it returns. Transport-neutral: no DOM, no Node built-ins.
 */
import type { ApiRequest, ApiResponse, KubeObject, WatchEvent } from '../../sim/api/types';

export type { ApiRequest, ApiResponse, KubeObject, WatchEvent };

export interface KubectlEnv {
  /** Sends one API request (the console: the Worker transport; tests: `cluster.api.handle`). */
  request(req: ApiRequest): Promise<ApiResponse>;
  /** Starts a watch; returns a function that stops it. Needed by `get -w` and `rollout status`. */
  watch?(req: ApiRequest, onEvent: (event: WatchEvent) => void): () => void;
  /** Current time (virtual in the simulation) for AGE columns. */
  nowMs(): number;
  /** Named buffers `apply -f NAME` and `create -f NAME` read (the editor's documents). */
  files?: Record<string, string>;
  /** What `-f -` reads. */
  stdin?: string;
  /** Ends streaming commands (`get -w`, `rollout status`, `logs -f`, `events -w`). */
  signal?: AbortSignal;
  /** For tests: a streaming command returns after this many watch events. */
  maxWatchEvents?: number;
  /** Receives output as it is produced (streaming commands); the result still holds all of it. */
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  /** Waits (virtual time in tests); used by `drain` and `delete --wait` polling. Absent: no waiting. */
  sleep?(ms: number): Promise<void>;
  /** Server URL printed by `cluster-info`. */
  serverUrl?: string;
  /** Default namespace of the current context. */
  namespace?: string;
}

/** `kubectl edit` does not open an editor itself: it returns what to edit and where to save it. */
export interface EditRequest {
  /** API path of the object (`/apis/apps/v1/namespaces/default/deployments/web`). */
  path: string;
  object: KubeObject;
  /** The YAML kubectl would put in the editor (with its comment header). */
  yaml: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  edit?: EditRequest;
}

/**
 * The node's container runtime (containerd) as the kubelet sees it: an image store with pull times
 * and sizes, a serial pull queue (kubelet's default serializeImagePulls=true, which is why upstream's
 * Pulled event says "(Xs including waiting)"), and container/image IDs.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import { flat } from '../apiserver/object-util.ts';

/** Sizes of well-known images (bytes, compressed, as containerd reports them). */
const KNOWN_IMAGE_SIZES: Record<string, number> = {
  'docker.io/library/nginx': 72_080_558,
  'docker.io/library/busybox': 2_158_819,
  'docker.io/library/redis': 45_170_312,
  'docker.io/library/postgres': 159_011_021,
  'docker.io/library/mysql': 172_381_045,
  'docker.io/library/httpd': 58_123_650,
  'docker.io/library/alpine': 3_653_068,
  'docker.io/library/ubuntu': 29_754_422,
  'docker.io/library/python': 51_040_563,
  'docker.io/library/perl': 345_881_311,
  'registry.k8s.io/pause': 320_368,
  'registry.k8s.io/kube-proxy': 30_730_156,
  'registry.k8s.io/coredns/coredns': 18_562_039,
  'registry.k8s.io/etcd': 57_680_541,
  'registry.k8s.io/kube-apiserver': 28_667_432,
  'registry.k8s.io/kube-controller-manager': 26_199_458,
  'registry.k8s.io/kube-scheduler': 20_657_536,
};

/** Simulated registry bandwidth (bytes per virtual second) and fixed overhead. */
const PULL_BYTES_PER_SECOND = 25 * 2 ** 20;
const PULL_OVERHEAD_MS = 400;

/** `nginx:1.14.2` -> `docker.io/library/nginx:1.14.2` (containerd's normalised reference). */
export function normalizeImage(image: string): { repository: string; reference: string } {
  let known = normalized.get(image);
  if (!known) {
    // A cluster runs few distinct images, looked up on every container start.
    if (normalized.size >= IMAGE_CACHE_ENTRIES) normalized.clear();
    normalized.set(image, (known = parseImage(image)));
  }
  return known;
}

/** Parsed image names and imageIDs by image (pure functions of the name: safe to share). */
const normalized = new Map<string, { repository: string; reference: string }>();
const imageIDs = new Map<string, string>();
const IMAGE_CACHE_ENTRIES = 1024;

function parseImage(image: string): { repository: string; reference: string } {
  let name = image;
  let digest = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at);
    name = name.slice(0, at);
  }
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  let tag = '';
  if (colon > slash) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const first = name.split('/')[0];
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const repository = hasRegistry
    ? name
    : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  const reference = digest ? `${repository}${digest}` : `${repository}:${tag || 'latest'}`;
  return { repository, reference };
}

/** A stable hex string derived from `text` (FNV-1a rounds), `length` characters. */
export function stableHex(text: string, length: number): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < length; round++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= round;
    h = Math.imul(h, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** Size in bytes of an image (known table, else derived from its name: 5-150 MB). */
export function imageSize(image: string): number {
  const { repository } = normalizeImage(image);
  return (
    KNOWN_IMAGE_SIZES[repository] ??
    5_000_000 + (parseInt(stableHex(repository, 6), 16) % 145_000_000)
  );
}

/** `docker.io/library/nginx@sha256:...`, as containerStatuses[].imageID shows. */
export function imageID(image: string): string {
  let id = imageIDs.get(image);
  if (id === undefined) {
    const { repository, reference } = normalizeImage(image);
    if (imageIDs.size >= IMAGE_CACHE_ENTRIES) imageIDs.clear();
    imageIDs.set(image, (id = flat(`${repository}@sha256:${stableHex(reference, 64)}`)));
  }
  return id;
}

export interface PullResult {
  /** Time the pull itself took (ms). */
  pullMs: number;
  /** Time since the request, including waiting for earlier pulls (ms). */
  totalMs: number;
  size: number;
}

export class ContainerRuntime {
  private readonly images = new Set<string>();
  /** Virtual time when the serial puller is free again. */
  private pullerFreeAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  hasImage(image: string): boolean {
    return this.images.has(normalizeImage(image).reference);
  }

  /** Marks an image present (pre-pulled control-plane images). */
  addImage(image: string): void {
    this.images.add(normalizeImage(image).reference);
  }

  imageCount(): number {
    return this.images.size;
  }

  /**
   * Queues a pull; `done` runs when it finishes. An image already present (pulled while this one
   * waited) takes only the registry round trip.
   */
  pull(image: string, done: (result: PullResult) => void): void {
    const now = this.clock.now();
    const startAt = Math.max(now, this.pullerFreeAt);
    const reference = normalizeImage(image).reference;
    const size = imageSize(image);
    const present = this.images.has(reference);
    const jitter = 0.85 + this.rng.next() * 0.3;
    const pullMs = Math.round(
      present
        ? 300 + this.rng.int(400)
        : (PULL_OVERHEAD_MS + (size / PULL_BYTES_PER_SECOND) * 1000) * jitter,
    );
    this.pullerFreeAt = startAt + pullMs;
    this.clock.setTimer(
      startAt + pullMs - now,
      () => {
        this.images.add(reference);
        done({ pullMs, totalMs: startAt + pullMs - now, size });
      },
      'image pull',
    );
  }

  /** A new containerd container ID. */
  newContainerID(): string {
    let id = 'containerd://';
    for (let i = 0; i < 8; i++) id += this.rng.int(0x100000000).toString(16).padStart(8, '0');
    // Kept in the pod's status for its lifetime: flat, not a tree of nine pieces.
    return flat(id);
  }
}

/** Go's time.Duration String for whole milliseconds: `846ms`, `2.5s`, `1m2.5s`. */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const minutes = Math.floor(ms / 60_000);
  const rest = (ms - minutes * 60_000) / 1000;
  const seconds = `${Number(rest.toFixed(3))}s`;
  if (minutes === 0) return seconds;
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours}h${minutes % 60}m${seconds}` : `${minutes}m${seconds}`;
}

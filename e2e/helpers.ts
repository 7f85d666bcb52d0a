import type { Page } from '@playwright/test';

/** Records every request URL and console error of a page. */
export function watchPage(page: Page) {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { requests, errors };
}

/** Requests that left the app's own origin (data: and blob: URLs stay in the page). */
export function foreignRequests(requests: string[], origin: string): string[] {
  return requests.filter(
    (url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin,
  );
}

export const WORKERS = ['worker-1', 'worker-2', 'worker-3'];
export const WORKER_COMPONENTS = ['kubelet', 'kube-proxy', 'containerd'];
export const CONTROL_PLANE_COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
];

/**
 * Lenses: what the diagram puts first. `placement` (the default) is where pods run; `ownership`
 * turns the owners overlay on (Deployment -> ReplicaSet -> pods); `network` puts Services,
 * Ingresses and their endpoint edges first: ClusterIPs, pod IPs and each node's pod CIDR stand
 * out, the owners overlay is off and ConfigMaps, Secrets and volumes are dimmed. The lens is
 * marked on the page root (`data-lens`), so the stylesheet does the emphasis without re-rendering
 * the diagram.
 */
import { viewStore } from '../store/view-store';
import type { Lens } from './embed-options';
import { appOptionsStore } from './options-store';

/** The lenses, with what each one shows (the toolbar's choices). */
export const LENS_INFO: Readonly<Record<Lens, string>> = {
  placement: 'Where pods run',
  ownership: 'Who owns which pods',
  network: 'Services, endpoints and IPs',
};

/** What a lens sets: the root's `data-lens` and the owners overlay. */
export function lensEffects(lens: Lens): { dataLens: Lens; showOwners: boolean } {
  // Only the ownership lens starts with the overlay on (the Owners box still toggles it).
  return { dataLens: lens, showOwners: lens === 'ownership' };
}

/** Applies a lens to the page: marks the root and sets the owners overlay. */
export function applyLens(
  lens: Lens,
  root: { dataset: DOMStringMap } | undefined = typeof document === 'undefined'
    ? undefined
    : document.documentElement,
): void {
  const { dataLens, showOwners } = lensEffects(lens);
  if (root) root.dataset.lens = dataLens;
  viewStore.setState({ showOwners });
}

/** Switches the lens (recorded in the options, so share links keep it) and applies it. */
export function setLens(lens: Lens, root?: { dataset: DOMStringMap }): void {
  appOptionsStore.setState((s) => ({ options: { ...s.options, lens } }));
  applyLens(lens, root);
}

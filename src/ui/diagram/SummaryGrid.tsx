/**
 * The pods of a summarised node (see zoom.ts): counts by phase, a compact grid painted on one
 * canvas (a cell per pod, coloured by phase, in stable slots), and, once zoomed in far enough to
 * read them, the cells in view drawn as real pods with names and accessible names. Nothing moves
 * when it expands or collapses: the grid has the same size and slots either way.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useObject, useView } from '../store/react';
import { refId, select } from '../store/view-store';
import { podAccessibleName, podIP, podReadiness } from './model';
import type { NodePods } from './node-pods';
import { PodGhost } from './PodNode';
import { selectOnKey } from './select-keys';
import { SlotAllocator } from './slots';
import { cellPosition, grid, rowWindow, shortPodName, windowKey } from './zoom';

/** One pod of an expanded grid: a small box with its name (or IP in the network lens). */
const PodCell = memo(function PodCell({ objectKey, slot }: { objectKey: string; slot: number }) {
  const pod = useObject('Pod', objectKey);
  const id = `Pod:${objectKey}`;
  const selected = useView((s) => s.selected !== undefined && refId(s.selected) === id);
  const highlighted = useView((s) => s.highlighted.includes(id));
  const lit = useView((s) => s.trafficHop.includes(`pod/${objectKey}`));
  if (!pod) return null;
  const name = pod.metadata?.name ?? '';
  const label = podAccessibleName(pod);
  const { x, y } = cellPosition(slot);
  const phase = pod.metadata?.deletionTimestamp
    ? 'terminating'
    : ((pod.status as { phase?: string } | undefined)?.phase ?? 'Pending').toLowerCase();
  const { ready: readyCount, total } = podReadiness(pod);
  const ready = total > 0 && readyCount === total;
  const ip = podIP(pod);
  return (
    <div
      className={`pod-cell phase-${phase} ${ready ? 'ready' : 'not-ready'} ${selected ? 'selected' : ''} ${highlighted ? 'highlighted' : ''} ${lit ? 'traffic-hop' : ''}`}
      style={{ left: x, top: y, width: grid.cellWidth, height: grid.cellHeight }}
      role="group"
      aria-label={label}
      title={`${pod.metadata?.namespace ?? ''}/${name}${ip ? ` · ${ip}` : ''}`}
      tabIndex={0}
      onClick={(event) => {
        // The frame underneath would select the node.
        event.stopPropagation();
        select({ kind: 'Pod', key: objectKey });
      }}
      onKeyDown={selectOnKey({ kind: 'Pod', key: objectKey })}
    >
      <span className="cell-name">{shortPodName(name)}</span>
      <span className="cell-ip">{ip || '—'}</span>
    </div>
  );
});

/** Cell fills by phase class: the pods' border colours (custom properties of the theme). */
const FILL_VARS: Record<string, string> = {
  running: '--pod-running-border',
  succeeded: '--pod-running-border',
  pending: '--pod-pending-border',
};
const FAILED_VAR = '--pod-failed-border';

/** Cell fill colours by custom property, per colour scheme (see useColorScheme). */
const schemeColours = new Map<string, Map<string, string>>();

const prefersDark = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

/** The key of the colour scheme in use: the system's preference and the page's theme. */
const schemeKey = (dark: boolean) =>
  `${dark ? 'dark' : 'light'}/${document.documentElement.dataset.theme ?? ''}`;

/**
 * Reads every cell fill of the scheme in use from `element`'s computed style into the cache.
 * Each computed-style read forces a style recalculation: cheap on a quiet page, tens of
 * milliseconds mid-churn, so the diagram reads them ahead of need (readCellColours) and a fill
 * first needed later must not cost another read.
 */
function readColours(scheme: string, element: Element): Map<string, string> {
  let colours = schemeColours.get(scheme);
  if (!colours) schemeColours.set(scheme, (colours = new Map()));
  const style = getComputedStyle(element);
  for (const fill of [...Object.values(FILL_VARS), FAILED_VAR]) {
    const read = style.getPropertyValue(fill).trim();
    // Empty while the stylesheet is still loading: read again next time.
    if (read) colours.set(fill, read);
  }
  return colours;
}

/**
 * Caches the cell fills of the scheme in use while the page is quiet (the diagram calls it once
 * drawn), so the first grid painted during a churn reads no computed style.
 */
export function readCellColours(): void {
  const scheme = schemeKey(prefersDark());
  if (schemeColours.get(scheme)?.size) return;
  readColours(scheme, document.documentElement);
}

/** Repaints when the colour scheme changes (the canvas does not follow CSS by itself). */
function useColorScheme(): string {
  const [dark, setDark] = useState(prefersDark);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return schemeKey(dark);
}

/** What a grid's canvas shows: its size and scheme when drawn, and each slot's `colour|alpha`. */
interface PaintedCells {
  canvas: HTMLCanvasElement;
  width: number;
  height: number;
  scheme: string;
  cells: Map<number, string>;
}

interface SummaryGridProps {
  pods: NodePods;
  rows: number;
  /** The frame's top-left in flow coordinates. */
  x: number;
  y: number;
}

function SummaryGridView({ pods, rows, x, y }: SummaryGridProps) {
  // Slots live with the frame: a pod keeps its cell while it stays on the node.
  const allocator = useRef<SlotAllocator | null>(null);
  const slots = useMemo(() => {
    allocator.current ??= new SlotAllocator();
    const members = new Map([['grid', pods.pods.map((p) => p.key)]]);
    let assigned = allocator.current.assign(members).get('grid') ?? new Map<string, number>();
    // Holes left by many departures can push slots past the reserved rows: pack them again.
    if (Math.max(-1, ...assigned.values()) >= rows * grid.columns) {
      allocator.current = new SlotAllocator();
      assigned = allocator.current.assign(members).get('grid') ?? new Map<string, number>();
    }
    return { assigned, ghosts: allocator.current.ghosts() };
  }, [pods, rows]);

  const expanded = useRef(false);
  const windowText = useStore((s: ReactFlowState) =>
    windowKey(
      rowWindow(
        { transform: s.transform, width: s.width, height: s.height },
        { x, y, rows },
        expanded.current,
      ),
    ),
  );
  expanded.current = windowText !== '';
  const [start, end] = windowText ? windowText.split(':').map(Number) : [0, 0];

  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColorScheme();
  const width = grid.columns * (grid.cellWidth + grid.columnGap) - grid.columnGap;
  const height = rows * grid.rowPitch - (grid.rowPitch - grid.cellHeight);
  // What each slot shows on the canvas (`colour|alpha`): a repaint touches only the cells that
  // changed (clearing and filling a whole tall grid on every change cost milliseconds a frame).
  const painted = useRef<PaintedCells | undefined>(undefined);
  useLayoutEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    // Colours are read once per scheme (see readColours), usually before any grid is drawn.
    let colours = schemeColours.get(scheme);
    const colour = (name: string) => {
      let value = colours?.get(name);
      if (value === undefined) {
        colours = readColours(scheme, element);
        value = colours.get(name);
      }
      return value || '#888';
    };
    const cells = new Map<number, string>();
    for (const pod of pods.pods) {
      const slot = slots.assigned.get(pod.key);
      if (slot === undefined) continue;
      const alpha = pod.phase === 'terminating' ? 0.35 : pod.ready ? 0.9 : 0.45;
      cells.set(slot, `${colour(FILL_VARS[pod.phase] ?? FAILED_VAR)}|${alpha}`);
    }
    const before = painted.current;
    // A new canvas or a new size (which clears the bitmap) or scheme: everything is drawn again.
    const blank =
      !before || before.canvas !== element || before.width !== width || before.height !== height;
    const full = blank || before.scheme !== scheme;
    // A blank bitmap needs no clearing: a full-size clear of a just-resized canvas cost several
    // milliseconds per grid while a burst of pods made every grid grow at once.
    if (full && !blank) context.clearRect(0, 0, width, height);
    const paint = (slot: number, look: string | undefined) => {
      const { x: cx, y: cy } = cellPosition(slot);
      if (!full) context.clearRect(cx, cy, grid.cellWidth, grid.cellHeight);
      if (!look) return;
      const bar = look.lastIndexOf('|');
      context.globalAlpha = Number(look.slice(bar + 1));
      context.fillStyle = look.slice(0, bar);
      context.beginPath();
      context.roundRect(cx, cy, grid.cellWidth, grid.cellHeight, 4);
      context.fill();
    };
    for (const [slot, look] of cells)
      if (full || before.cells.get(slot) !== look) paint(slot, look);
    if (!full) for (const slot of before.cells.keys()) if (!cells.has(slot)) paint(slot, undefined);
    context.globalAlpha = 1;
    painted.current = { canvas: element, width, height, scheme, cells };
  }, [pods, slots, scheme, width, height]);

  const inWindow = (slot: number) => {
    const row = Math.floor(slot / grid.columns);
    return row >= start && row < end;
  };
  return (
    <div
      className="summary-grid"
      style={{ left: grid.left, top: grid.top, width, height }}
      data-expanded={windowText ? 'true' : 'false'}
    >
      <canvas
        ref={canvas}
        // A 1x backing store: the cells are plain coloured boxes, crisp enough at any density,
        // and a 2x store has four times the pixels to clear, fill and upload to the compositor
        // on each repaint (a few milliseconds per frame on a churning node).
        width={width}
        height={height}
        style={{ width, height }}
        aria-hidden="true"
      />
      {windowText &&
        [...slots.assigned].map(([key, slot]) =>
          inWindow(slot) ? <PodCell key={key} objectKey={key} slot={slot} /> : null,
        )}
      {windowText &&
        slots.ghosts.map((ghost) =>
          inWindow(ghost.slot) ? (
            <PodGhost
              key={`ghost/${ghost.key}`}
              objectKey={ghost.key}
              className="pod-ghost cell-ghost"
              style={{
                left: cellPosition(ghost.slot).x,
                top: cellPosition(ghost.slot).y,
                width: grid.cellWidth,
                height: grid.cellHeight,
              }}
            />
          ) : null,
        )}
    </div>
  );
}

export const SummaryGrid = memo(SummaryGridView);

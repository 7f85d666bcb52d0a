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

/** Repaints when the colour scheme changes (the canvas does not follow CSS by itself). */
function useColorScheme(): string {
  const [scheme, setScheme] = useState(() =>
    typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
      ? 'dark'
      : 'light',
  );
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setScheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return `${scheme}/${document.documentElement.dataset.theme ?? ''}`;
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
  // Sharp on high-density screens, but a tall grid (hundreds of pods) at 1x: it is only seen
  // zoomed out, and a 2x backing store of a few thousand pixels costs tens of megabytes.
  const scale =
    height <= 2_000 && typeof devicePixelRatio === 'number' && devicePixelRatio > 1 ? 2 : 1;
  useLayoutEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!canvas.current || !context) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, width, height);
    // Colours are read once per scheme: computed style read here forces a style recalculation.
    let colours = schemeColours.get(scheme);
    if (!colours) schemeColours.set(scheme, (colours = new Map()));
    let style: CSSStyleDeclaration | undefined;
    const colour = (name: string) => {
      let value = colours.get(name);
      if (value === undefined) {
        style ??= getComputedStyle(canvas.current as HTMLCanvasElement);
        value = style.getPropertyValue(name).trim();
        if (value) colours.set(name, value);
      }
      return value || '#888';
    };
    for (const pod of pods.pods) {
      const slot = slots.assigned.get(pod.key);
      if (slot === undefined) continue;
      const { x: cx, y: cy } = cellPosition(slot);
      context.globalAlpha = pod.phase === 'terminating' ? 0.35 : pod.ready ? 0.9 : 0.45;
      context.fillStyle = colour(FILL_VARS[pod.phase] ?? FAILED_VAR);
      context.beginPath();
      context.roundRect(cx, cy, grid.cellWidth, grid.cellHeight, 4);
      context.fill();
    }
    context.globalAlpha = 1;
  }, [pods, slots, scheme, width, height, scale]);

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
        width={width * scale}
        height={height * scale}
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

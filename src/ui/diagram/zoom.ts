/**
 * Semantic zoom for summarised nodes. A node with too many pods to draw as full boxes reserves a
 * compact grid, one small cell per pod (three to a row, in stable slots). Zoomed out, the grid is
 * painted as coloured cells on one canvas (counts by phase above it); zoomed in far enough that a
 * cell's text is readable, the cells in view become real elements with names and accessible names.
 *
 * The frame has the same size in both states, so expanding or collapsing moves nothing: no other
 * node, no other pod, not the viewport. Whether a frame shows pods is a pure function of the
 * viewport (zoom, pan, pane size) and the frame's place, with hysteresis on the zoom and the
 * visible rows rounded to blocks, so it changes on thresholds, not on every frame of a gesture.
 */

/** Zoom at which the cells become readable pods (their 9px text reads as 9px or more). */
export const EXPAND_ZOOM = 1;
/** Zoom below which expanded pods fold back into the painted grid (hysteresis). */
export const COLLAPSE_ZOOM = 0.85;
/** Visible rows are rounded out to blocks of this many rows (fewer re-renders while panning). */
export const ROW_BLOCK = 8;

/** The compact grid of a summarised node, in flow units, relative to the frame's top-left. */
export const grid = {
  columns: 3,
  cellWidth: 72,
  cellHeight: 22,
  columnGap: 6,
  rowPitch: 26,
  left: 12,
  /** Below the worker header (name, capacity, components) and the counts line. */
  top: 126,
  /** Rows are reserved in multiples of this (see gridRows). */
  rowStep: 4,
} as const;

/**
 * Rows reserved for `pods` cells: the next size of a sequence growing by about a quarter (4, 8,
 * 12, 16, 20, 28, 36, 48, ...), so a node whose pod count churns around some number keeps its
 * frame size (and the view its extent) instead of resizing with every few pods.
 */
export function gridRows(pods: number): number {
  const rows = Math.ceil(pods / grid.columns);
  let size: number = grid.rowStep;
  while (size < rows)
    size = Math.max(size + grid.rowStep, Math.ceil((size * 1.25) / grid.rowStep) * grid.rowStep);
  return size;
}

/** The cell of a slot, relative to the grid's top-left. */
export function cellPosition(slot: number): { x: number; y: number } {
  const column = slot % grid.columns;
  return {
    x: column * (grid.cellWidth + grid.columnGap),
    y: Math.floor(slot / grid.columns) * grid.rowPitch,
  };
}

/** React Flow's viewport: `[x, y, zoom]` translation and scale, and the pane's size in pixels. */
export interface Viewport {
  transform: readonly [number, number, number];
  width: number;
  height: number;
}

/** A frame's place in flow coordinates and how many grid rows it holds. */
export interface FrameBox {
  x: number;
  y: number;
  rows: number;
}

/** Rows `[start, end)` of the grid drawn as pods, or undefined when the frame shows the painted grid. */
export type RowWindow = { start: number; end: number } | undefined;

/**
 * Which rows of a summarised frame to draw as pods for this viewport: none below the zoom
 * threshold (with hysteresis: `wasExpanded` keeps pods until the zoom drops below
 * COLLAPSE_ZOOM) or when the grid is out of view; otherwise the rows in view, widened by a
 * block on each side and rounded to ROW_BLOCK.
 */
export function rowWindow(viewport: Viewport, frame: FrameBox, wasExpanded: boolean): RowWindow {
  const [tx, ty, zoom] = viewport.transform;
  if (zoom < (wasExpanded ? COLLAPSE_ZOOM : EXPAND_ZOOM) || viewport.width <= 0) return undefined;
  // The visible rectangle in flow coordinates.
  const left = -tx / zoom;
  const top = -ty / zoom;
  const right = left + viewport.width / zoom;
  const bottom = top + viewport.height / zoom;
  const gridLeft = frame.x + grid.left;
  const gridTop = frame.y + grid.top;
  const gridRight = gridLeft + grid.columns * (grid.cellWidth + grid.columnGap);
  const gridBottom = gridTop + frame.rows * grid.rowPitch;
  if (right < gridLeft || left > gridRight || bottom < gridTop || top > gridBottom)
    return undefined;
  const first = Math.floor((top - gridTop) / grid.rowPitch);
  const last = Math.ceil((bottom - gridTop) / grid.rowPitch);
  const start = Math.max(0, (Math.floor(first / ROW_BLOCK) - 1) * ROW_BLOCK);
  const end = Math.min(frame.rows, (Math.ceil(last / ROW_BLOCK) + 1) * ROW_BLOCK);
  return start < end ? { start, end } : undefined;
}

/** `start:end`, or '' when collapsed: a primitive for store selectors. */
export function windowKey(window: RowWindow): string {
  return window ? `${window.start}:${window.end}` : '';
}

/** The last characters of a long pod name (what tells replicas apart), led by an ellipsis. */
export function shortPodName(name: string, max = 11): string {
  return name.length <= max ? name : `…${name.slice(-(max - 1))}`;
}

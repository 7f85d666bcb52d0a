import { describe, expect, it } from 'vitest';
import {
  cellPosition,
  COLLAPSE_ZOOM,
  EXPAND_ZOOM,
  grid,
  gridRows,
  ROW_BLOCK,
  rowWindow,
  shortPodName,
  windowKey,
  type Viewport,
} from './zoom';

/** A 1280x800 pane looking at flow point (x, y) in its top-left corner at `zoom`. */
const view = (x: number, y: number, zoom: number): Viewport => ({
  transform: [-x * zoom, -y * zoom, zoom],
  width: 1280,
  height: 800,
});
/** A frame at (300, 400) with 40 rows (120 pods). */
const frame = { x: 300, y: 400, rows: 40 };

describe('rowWindow: which summarised frames draw pods at which zoom', () => {
  it('draws none below the zoom threshold, even with the frame in view', () => {
    expect(rowWindow(view(250, 350, 0.5), frame, false)).toBeUndefined();
    expect(rowWindow(view(250, 350, EXPAND_ZOOM - 0.01), frame, false)).toBeUndefined();
  });

  it('draws the rows in view once readable, rounded to blocks and clamped to the grid', () => {
    const window = rowWindow(view(250, 350, EXPAND_ZOOM), frame, false);
    expect(window).toBeDefined();
    expect(window?.start).toBe(0);
    expect((window?.end ?? 0) % ROW_BLOCK === 0 || window?.end === frame.rows).toBe(true);
    // At zoom 1 the pane shows 800 flow units: the grid (top at 400 + 126) from row 0 to ~24.
    expect(window?.end).toBeGreaterThanOrEqual(24);
    expect(window?.end).toBeLessThanOrEqual(frame.rows);
    // Zoomed in further, on the grid's lower part: only rows around the view.
    const deep = rowWindow(view(300, frame.y + grid.top + 30 * grid.rowPitch, 2), frame, false);
    expect(deep?.start).toBeGreaterThan(0);
    expect(deep?.start).toBeLessThanOrEqual(30);
    expect(deep?.end).toBe(frame.rows);
  });

  it('keeps pods between COLLAPSE_ZOOM and EXPAND_ZOOM only when already expanded (hysteresis)', () => {
    const between = view(250, 350, (EXPAND_ZOOM + COLLAPSE_ZOOM) / 2);
    expect(rowWindow(between, frame, false)).toBeUndefined();
    expect(rowWindow(between, frame, true)).toBeDefined();
    expect(rowWindow(view(250, 350, COLLAPSE_ZOOM - 0.01), frame, true)).toBeUndefined();
  });

  it('draws none for a frame out of view (only frames in view pay for their pods)', () => {
    expect(rowWindow(view(3000, 350, 1.5), frame, true)).toBeUndefined();
    expect(rowWindow(view(250, 5000, 1.5), frame, true)).toBeUndefined();
    expect(rowWindow({ ...view(250, 350, 1.5), width: 0 }, frame, true)).toBeUndefined();
  });

  it('does not change while panning within a block (cheap: re-renders on block changes only)', () => {
    const top = frame.y + grid.top + 20 * grid.rowPitch;
    const keys = new Set<string>();
    for (let dy = 0; dy < grid.rowPitch * 2; dy += 3) {
      keys.add(windowKey(rowWindow(view(300, top + dy, 2), frame, true)));
    }
    expect(keys.size).toBe(1);
    expect(windowKey(undefined)).toBe('');
  });
});

describe('grid geometry', () => {
  it('reserves rows in growing steps, three pods to a row', () => {
    expect(gridRows(0)).toBe(grid.rowStep);
    expect(gridRows(41)).toBe(16);
    expect(gridRows(48)).toBe(16);
    expect(gridRows(49)).toBe(20);
    // Around 333 pods a node (1,000 on three workers) the size holds while the count churns.
    const sizes = new Set(Array.from({ length: 60 }, (_, i) => gridRows(300 + i)));
    expect(sizes.size).toBe(1);
    for (let pods = 0; pods < 2_000; pods += 7) {
      expect(gridRows(pods) * grid.columns).toBeGreaterThanOrEqual(pods);
      expect(gridRows(pods) % grid.rowStep).toBe(0);
    }
  });

  it('places slots row by row', () => {
    expect(cellPosition(0)).toEqual({ x: 0, y: 0 });
    expect(cellPosition(2)).toEqual({ x: 2 * (grid.cellWidth + grid.columnGap), y: 0 });
    expect(cellPosition(4)).toEqual({ x: grid.cellWidth + grid.columnGap, y: grid.rowPitch });
    // The last column ends inside the 228 px a frame holds.
    expect(cellPosition(2).x + grid.cellWidth).toBeLessThanOrEqual(228);
  });

  it('shows the end of long pod names (what tells replicas apart)', () => {
    expect(shortPodName('web-1')).toBe('web-1');
    expect(shortPodName('web-d5f99c556-cbwcx')).toBe('…c556-cbwcx');
  });
});

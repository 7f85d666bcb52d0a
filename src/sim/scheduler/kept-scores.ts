/**
 * The scores a scheduling decision keeps for the "why this node?" explanation: the chosen node
 * and the best runners-up. Only the last few hundred decisions are ever read, so a cycle captures
 * the figures in one typed array and the records are built when first asked for.
 */
import type { PluginScores } from './fast-path.ts';
import type { NodeInfo } from './node-info.ts';

/** How many scored nodes a decision keeps (the winner and the best runners-up). */
export const SCORES_KEPT = 10;

export interface NodeScoreRecord {
  node: string;
  total: number;
  /** Weighted, normalised score per plugin. */
  plugins: Record<string, number>;
}

/** The kept nodes' figures: per node its total, then one score per plugin. */
export class KeptScores {
  private records: NodeScoreRecord[] | undefined;

  constructor(
    private readonly nodes: string[],
    private readonly plugins: string[],
    private readonly figures: Float64Array,
  ) {}

  /** The records, chosen node first, then the runners-up by total, highest first. */
  toRecords(): NodeScoreRecord[] {
    if (this.records) return this.records;
    const stride = this.plugins.length + 1;
    this.records = this.nodes.map((node, k) => {
      const plugins: Record<string, number> = {};
      this.plugins.forEach((name, j) => (plugins[name] = this.figures[k * stride + 1 + j]));
      return { node, total: this.figures[k * stride], plugins };
    });
    return this.records;
  }
}

/** The position in `top` (after the chosen node at 0) of the lowest total. */
function lowestRunnerUp(top: number[], totals: Float64Array): number {
  let worst = 1;
  for (let j = 2; j < top.length; j++) if (totals[top[j]] < totals[top[worst]]) worst = j;
  return worst;
}

/** `indices` by total, highest first (apart: a closure would put `totals` in a heap context). */
function byTotal(indices: number[], totals: Float64Array): number[] {
  return indices.sort((a, b) => totals[b] - totals[a]);
}

/**
 * Captures the chosen node and the best runners-up (a partial selection, not a full sort). The
 * figures are read now: `feasible`, `totals` and the plain pass's per-node scores are reused by
 * the next cycle.
 */
export function keepScores(
  best: number,
  totals: Float64Array,
  perPlugin: PluginScores[],
  feasible: readonly NodeInfo[],
): KeptScores {
  const top: number[] = [best];
  // `worst` indexes the lowest kept runner-up; it is found again only when it is replaced.
  let worst = 0;
  for (let i = 0; i < totals.length; i++) {
    if (i === best) continue;
    if (top.length < SCORES_KEPT) {
      top.push(i);
      if (top.length === SCORES_KEPT) worst = lowestRunnerUp(top, totals);
    } else if (totals[i] > totals[top[worst]]) {
      top[worst] = i;
      worst = lowestRunnerUp(top, totals);
    }
  }
  const order = [best, ...byTotal(top.slice(1), totals)];
  const stride = perPlugin.length + 1;
  const figures = new Float64Array(order.length * stride);
  const nodes: string[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    nodes.push(feasible[i].name);
    let total = totals[i];
    for (let j = 0; j < perPlugin.length; j++) {
      const p = perPlugin[j];
      let score: number;
      if ('constant' in p) {
        score = p.constant;
        total += p.constant;
      } else if ('perNode' in p) score = p.perNode(i);
      else score = p.scores[i];
      figures[k * stride + 1 + j] = score;
    }
    figures[k * stride] = total;
  }
  return new KeptScores(
    nodes,
    perPlugin.map((p) => p.name),
    figures,
  );
}

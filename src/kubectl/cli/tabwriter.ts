/**
 * Column alignment as kubectl's printers do it: Go's text/tabwriter (liggitt fork) with
 * minwidth 6, padding 3, pad char ' ' (cli-runtime pkg/printers/tabwriter.go). Cells are separated
 * by `\t`; the text after the last tab of a line is not a column and is never padded. A line with
 * no tab ends the column block, so tables separated by a blank line align independently.
 */

export interface TabWriterOptions {
  minWidth?: number;
  padding?: number;
  /** RememberWidths: column widths only grow across flushes (used by `get -w`). */
  rememberWidths?: boolean;
}

/** Rune count, as Go's tabwriter measures UTF-8 text. */
function textWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A buffered tab writer: `write` text, `flush` returns the aligned output. */
export class TabWriter {
  private buffer = '';
  private remembered: number[] = [];
  private readonly minWidth: number;
  private readonly padding: number;
  private readonly rememberWidths: boolean;

  constructor(options: TabWriterOptions = {}) {
    this.minWidth = options.minWidth ?? 6;
    this.padding = options.padding ?? 3;
    this.rememberWidths = options.rememberWidths ?? false;
  }

  write(text: string): void {
    this.buffer += text;
  }

  /** Forgets remembered widths (kubectl does this when a new resource type starts). */
  resetWidths(): void {
    this.remembered = [];
  }

  /** Aligns everything written since the last flush and returns it. */
  flush(): string {
    const text = this.buffer;
    this.buffer = '';
    if (text === '') return '';
    const endsWithNewline = text.endsWith('\n');
    const lines = (endsWithNewline ? text.slice(0, -1) : text)
      .split('\n')
      .map((l) => l.split('\t'));
    const out: string[] = [];
    let start = 0;
    while (start < lines.length) {
      // A block: consecutive lines with at least one tab (cells beyond the last are trailing text).
      if (lines[start].length === 1) {
        out.push(lines[start][0]);
        start++;
        continue;
      }
      let end = start;
      while (end < lines.length && lines[end].length > 1) end++;
      out.push(...this.formatBlock(lines.slice(start, end)));
      start = end;
    }
    return out.join('\n') + (endsWithNewline ? '\n' : '');
  }

  private formatBlock(block: string[][]): string[] {
    const out: string[] = block.map(() => '');
    this.formatColumns(block, out, 0, block.length, []);
    return block.map((cells, i) => out[i] + cells[cells.length - 1]);
  }

  /**
   * Go's tabwriter `format`: column k is aligned over each run of consecutive lines that have a
   * tab-terminated cell k; deeper columns are formatted recursively inside that run.
   */
  private formatColumns(
    block: string[][],
    out: string[],
    line0: number,
    line1: number,
    widths: number[],
  ): void {
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= block[row].length - 1) continue;
      let width = this.minWidth;
      let end = row;
      for (; end < line1 && column < block[end].length - 1; end++) {
        width = Math.max(width, textWidth(block[end][column]) + this.padding);
      }
      if (this.rememberWidths) {
        width = Math.max(width, this.remembered[column] ?? 0);
        this.remembered[column] = width;
      }
      for (let r = row; r < end; r++) {
        const cell = block[r][column];
        out[r] += cell + ' '.repeat(width - textWidth(cell));
      }
      this.formatColumns(block, out, row, end, [...widths, width]);
      row = end - 1;
    }
  }
}

/** Aligns tab-separated text in one go with kubectl's printer settings. */
export function alignColumns(text: string, options?: TabWriterOptions): string {
  const w = new TabWriter(options);
  w.write(text);
  return w.flush();
}

/**
 * The console's command line, independent of xterm: a prompt, a line with a cursor, history
 * (Up/Down), Tab completion, Ctrl+C (cancels the running command or the line), Ctrl+L, Ctrl+U,
 * Home/End. It turns the terminal's input data into writes (with ANSI cursor moves that WE
 * produce; text from commands arrives already escaped by sanitizeForTerminal) and runs commands.
 */

export const PROMPT = '$ ';
const MAX_HISTORY = 500;

export interface LineEditorHost {
  /** Writes raw terminal data. */
  write(data: string): void;
  /** Runs a line; output goes through `print` while it runs. Resolves when the command ends. */
  run(line: string, signal: AbortSignal): Promise<void>;
  /** Completion candidates for the word at `cursor`. */
  complete(line: string, cursor: number): Promise<string[]>;
  /** The history changed (to save it). */
  onHistory?(history: string[]): void;
  /** The screen was cleared (Ctrl+L, `clear`). */
  onClear?(): void;
}

/** Newlines as a terminal needs them. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

export class LineEditor {
  line = '';
  cursor = 0;
  history: string[];
  private historyIndex: number;
  /** The line being typed before browsing history. */
  private draft = '';
  private running?: AbortController;
  private completing = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: LineEditorHost,
    history: string[] = [],
  ) {
    this.history = history.slice(-MAX_HISTORY);
    this.historyIndex = this.history.length;
  }

  /** Replaces the history (a restored workspace). */
  setHistory(history: string[]): void {
    this.history = history.slice(-MAX_HISTORY);
    this.historyIndex = this.history.length;
  }

  /** Whether a command is running (input is ignored except Ctrl+C). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Prints the prompt and the current line. */
  prompt(): void {
    this.host.write(`\r\x1b[K${PROMPT}${this.line}`);
    const back = this.line.length - this.cursor;
    if (back > 0) this.host.write(`\x1b[${back}D`);
  }

  /**
   * Handles data typed or pasted into the terminal. Input is processed in order (keys typed while
   * a completion or a command runs wait their turn, as type-ahead), except Ctrl+C, which stops
   * the running command at once.
   */
  input(data: string): Promise<void> {
    if (this.running && data.includes('\x03')) {
      this.host.write('^C');
      this.running.abort();
      return Promise.resolve();
    }
    const next = this.queue.then(() => this.process(data));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async process(data: string): Promise<void> {
    // Escape sequences (arrows, Home/End, Delete) and characters, in order.
    const sequences: Record<string, () => void> = {
      '\x1b[A': () => this.browse(-1),
      '\x1b[B': () => this.browse(1),
      '\x1b[C': () => this.move(1),
      '\x1b[D': () => this.move(-1),
      '\x1b[H': () => this.move(-this.cursor),
      '\x1bOH': () => this.move(-this.cursor),
      '\x1b[F': () => this.move(this.line.length - this.cursor),
      '\x1bOF': () => this.move(this.line.length - this.cursor),
      '\x1b[3~': () => this.deleteForward(),
    };
    for (let i = 0; i < data.length; i++) {
      const ch = data[i];
      if (ch === '\r' || ch === '\n') {
        // A pasted "a\nb" runs a, then types b.
        await this.enter();
        if (ch === '\r' && data[i + 1] === '\n') i++;
        continue;
      }
      if (ch === '\x7f' || ch === '\b') this.backspace();
      else if (ch === '\t') await this.tab();
      else if (ch === '\x03') {
        this.host.write('^C\r\n');
        this.line = '';
        this.cursor = 0;
        this.prompt();
      } else if (ch === '\x0c') {
        this.host.write('\x1b[2J\x1b[3J\x1b[H');
        this.host.onClear?.();
        this.prompt();
      } else if (ch === '\x15') {
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        this.prompt();
      } else if (ch === '\x1b') {
        // Known sequences move the cursor or browse history; unknown ones are skipped, never inserted.
        const rest = data.slice(i + 1).match(/^(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/);
        if (rest) {
          sequences[`\x1b${rest[0]}`]?.();
          i += rest[0].length;
        }
      } else if (ch >= ' ') {
        this.insert(ch);
      }
    }
  }

  private insert(text: string): void {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    if (this.cursor === this.line.length) this.host.write(text);
    else this.prompt();
  }

  private backspace(): void {
    if (this.cursor === 0) return;
    this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
    this.cursor--;
    if (this.cursor === this.line.length) this.host.write('\b \b');
    else this.prompt();
  }

  private deleteForward(): void {
    if (this.cursor >= this.line.length) return;
    this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
    this.prompt();
  }

  private move(by: number): void {
    const to = Math.max(0, Math.min(this.line.length, this.cursor + by));
    if (to === this.cursor) return;
    this.host.write(to > this.cursor ? `\x1b[${to - this.cursor}C` : `\x1b[${this.cursor - to}D`);
    this.cursor = to;
  }

  private browse(direction: -1 | 1): void {
    const next = this.historyIndex + direction;
    if (next < 0 || next > this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.line;
    this.historyIndex = next;
    this.line = next === this.history.length ? this.draft : this.history[next];
    this.cursor = this.line.length;
    this.prompt();
  }

  private async tab(): Promise<void> {
    if (this.completing) return;
    this.completing = true;
    try {
      const before = this.line.slice(0, this.cursor);
      const current = /\s$/.test(before) || before === '' ? '' : (before.split(/\s+/).pop() ?? '');
      const candidates = await this.host.complete(this.line, this.cursor);
      if (candidates.length === 0) return;
      const prefix = commonPrefix(candidates);
      if (candidates.length === 1) {
        const word = candidates[0];
        const add = word.startsWith(current) ? word.slice(current.length) : '';
        this.insert(add + (word.endsWith('=') ? '' : ' '));
        return;
      }
      if (prefix.length > current.length && prefix.startsWith(current)) {
        this.insert(prefix.slice(current.length));
        return;
      }
      // Several candidates and nothing in common to add: list them, as a shell does.
      this.host.write(`\r\n${candidates.join('  ')}\r\n`);
      this.prompt();
    } finally {
      this.completing = false;
    }
  }

  private async enter(): Promise<void> {
    const line = this.line.trim();
    this.host.write('\r\n');
    this.line = '';
    this.cursor = 0;
    this.draft = '';
    if (line) {
      if (this.history[this.history.length - 1] !== line) this.history.push(line);
      if (this.history.length > MAX_HISTORY)
        this.history.splice(0, this.history.length - MAX_HISTORY);
      this.host.onHistory?.([...this.history]);
    }
    this.historyIndex = this.history.length;
    if (line === 'clear') {
      this.host.write('\x1b[2J\x1b[3J\x1b[H');
      this.host.onClear?.();
    } else if (line) {
      const controller = new AbortController();
      this.running = controller;
      try {
        await this.host.run(line, controller.signal);
      } catch (error) {
        this.host.write(
          toTerminal(`error: ${error instanceof Error ? error.message : String(error)}\n`),
        );
      } finally {
        this.running = undefined;
      }
      if (controller.signal.aborted) this.host.write('\r\n');
    }
    this.prompt();
  }
}

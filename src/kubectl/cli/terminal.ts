/**
 * Terminal safety: object data (names, labels, messages, logs) reaches an xterm, so control
 * characters must never pass through raw. kubectl escapes ESC as `^[` and CR as `\r`
 * (cli-runtime pkg/printers/terminal.go); the console here is stricter and escapes every other
 * C0/C1 control character (except newline and tab) as `\xNN`, and DEL as `^?`.
 */

/** Replaces ESC and other C0/C1 control characters (except `\n` and `\t`) with visible escapes. */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => {
    if (ch === '\x1b') return '^[';
    if (ch === '\r') return '\\r';
    if (ch === '\x7f') return '^?';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

import { expect, type Page } from '@playwright/test';

/** Waits for Monaco and turns off what re-indents or auto-completes typed text (STACK-NOTES). */
export async function plainTyping(page: Page): Promise<void> {
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await page.waitForFunction(() => Boolean(window.k8sExplorerEditor));
  await page.evaluate(() =>
    window.k8sExplorerEditor?.updateOptions({
      autoIndent: 'none',
      autoClosingBrackets: 'never',
      autoClosingQuotes: 'never',
      formatOnType: false,
      quickSuggestions: false,
      suggestOnTriggerCharacters: false,
      acceptSuggestionOnEnter: 'off',
    }),
  );
}

/** The text of the editor's current model. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => window.k8sExplorerEditor?.getValue() ?? '');
}

/** Replaces the editor's text by pasting (fast; typing is tested separately). */
export async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => editorText(page)).toBe(text);
}

/** Runs a command in the kubectl console and waits for `expected` in its output. */
export async function kubectl(page: Page, command: string, expected?: string | RegExp) {
  const terminal = page.getByTestId('kubectl-terminal');
  await terminal.click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  const output = page.getByRole('log', { name: 'kubectl output' });
  if (expected) await expect(output).toContainText(expected, { timeout: 30_000 });
  return output;
}

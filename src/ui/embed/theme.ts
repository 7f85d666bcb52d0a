/**
 * A forced theme (`?theme=dark` or `light`) regardless of the system setting. The stylesheet
 * defines its colours as custom properties on `:root`, with dark values inside
 * `@media (prefers-color-scheme: dark)`; forcing copies the chosen set into rules for
 * `:root[data-theme=...]`, which win over both, so the colours are written once.
 */
export function forceTheme(theme: 'light' | 'dark', doc: Document = document): void {
  const root = doc.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  const copied: string[] = [];
  const rootDeclarations = (rule: CSSStyleRule) => {
    const out: string[] = [];
    for (let i = 0; i < rule.style.length; i++) {
      const name = rule.style[i];
      if (name.startsWith('--')) out.push(`${name}: ${rule.style.getPropertyValue(name)}`);
    }
    return out;
  };
  for (const sheet of Array.from(doc.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules)) {
      const isDarkMedia =
        rule instanceof CSSMediaRule && /prefers-color-scheme:\s*dark/.test(rule.conditionText);
      if (theme === 'dark' && isDarkMedia) {
        for (const inner of Array.from(rule.cssRules)) {
          if (inner instanceof CSSStyleRule && inner.selectorText === ':root')
            copied.push(...rootDeclarations(inner));
        }
      }
      if (theme === 'light' && rule instanceof CSSStyleRule && rule.selectorText === ':root') {
        copied.push(...rootDeclarations(rule));
      }
    }
  }
  const style = doc.createElement('style');
  style.dataset.forcedTheme = theme;
  style.textContent = `:root[data-theme='${theme}'] { ${copied.join('; ')} }`;
  doc.head.append(style);
}

/** Whether the page is dark: a forced theme (`?theme=`) wins over the system setting. */
export function isDarkScheme(doc: Document = document): boolean {
  const forced = doc.documentElement.dataset.theme;
  if (forced === 'dark' || forced === 'light') return forced === 'dark';
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

// A figure's placement props read from its chapter's MDX source, for the figure's own page and
// the gallery (components/pages/figures.ts), which are built apart from the chapter.

/** Props a placement's page sets for itself, or that only place it in its chapter. */
const PLACEMENT_ONLY = new Set(['id', 'instance', 'caption', 'number', 'placedAt']);

/**
 * A placement's props as the MDX writes them, each a string ("exploding"), a number, a boolean
 * or a list of strings ({['seed']}): the JSON-like literals instructors use. Anything else (an
 * expression to evaluate) returns the names it could not read.
 */
export function literalProps(attrs: string): { props: Record<string, unknown>; unreadable: string[] } {
  const props: Record<string, unknown> = {};
  const unreadable: string[] = [];
  const rest = attrs.replace(/([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|\{([^{}]*)\})/g, (_all, name: string, text?: string, expr?: string) => {
    if (text !== undefined) props[name] = text;
    else {
      try {
        props[name] = JSON.parse(expr!.trim().replace(/'/g, '"'));
      } catch {
        unreadable.push(name);
      }
    }
    return ' ';
  });
  const words = rest.split(/\s+/).filter(Boolean);
  const odd = words.filter((w) => !/^[A-Za-z][\w-]*$/.test(w));
  // A quote or brace left over: text this reader could not follow, so no word of it is a prop.
  if (odd.length) unreadable.push(...odd);
  else for (const word of words) props[word] = true; // <X keep />
  for (const name of PLACEMENT_ONLY) delete props[name];
  // A placement-only prop written as an expression (caption={"The book's network"}) is not needed here.
  return { props, unreadable: unreadable.filter((name) => !PLACEMENT_ONLY.has(name)) };
}

/**
 * The MDX a reader sees as text or code, without what only looks like a placement: MDX comments
 * (a placement commented out), fenced code blocks and inline code, each blanked out.
 */
export function withoutCommentsAndCode(mdx: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return mdx
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank)
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
    .replace(/`[^`\n]*`/g, blank);
}

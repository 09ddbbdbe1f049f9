// Every built page carries the strict Content-Security-Policy (issue 10 item 6), and it fits the
// page: each inline script's sha256 is listed, so an inline script added later without its hash
// fails here rather than silently not running for readers. The page is read with a real HTML
// parser and hashed here, independently of scripts/csp.mjs's own reading. Also: no event-handler
// attributes or javascript: URLs, which the policy would block (a hash cannot allow them).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HTMLElement, parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './site';

const dist = join(root, 'dist');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : [],
  );
}

/** The policy as directive -> sources. */
function directives(content: string): Map<string, string[]> {
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

let pages: { name: string; doc: HTMLElement }[] = [];

beforeAll(() => {
  ensureBuilt();
  pages = htmlFiles(dist).map((f) => ({ name: relative(dist, f), doc: parse(readFileSync(f, 'utf8')) }));
}, 300_000);

describe('Content-Security-Policy in the built pages', () => {
  it('covers every kind of page', () => {
    const names = pages.map((p) => p.name);
    for (const kind of ['index.html', 'contents/index.html', 'figures/index.html', 'figures/layer-speeds/index.html']) {
      expect(names).toContain(kind);
    }
    expect(names.some((n) => n.startsWith('chapters/'))).toBe(true);
  });

  it('each page has one policy, first in <head> before any script, with strict script sources', () => {
    for (const { name, doc } of pages) {
      const metas = doc.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
      expect(metas, name).toHaveLength(1);
      const head = doc.querySelector('head')!;
      const children = head.childNodes.filter((n): n is HTMLElement => n instanceof HTMLElement);
      const at = children.indexOf(metas[0]);
      // Only <meta charset> may come before it; every script comes after (the policy governs them).
      expect(at, `${name}: the policy is in <head>`).toBeGreaterThanOrEqual(0);
      expect(children.slice(0, at).map((c) => c.tagName), name).toEqual(at === 1 ? ['META'] : []);
      if (at === 1) expect(children[0].getAttribute('charset'), name).toBeDefined();

      const policy = directives(metas[0].getAttribute('content') ?? '');
      const script = policy.get('script-src') ?? [];
      expect(script.slice(0, 2), name).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(script.slice(2).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), `${name}: script-src ${script.join(' ')}`).toBe(true);
      expect(policy.get('default-src'), name).toEqual(["'self'"]);
      expect(policy.get('worker-src'), name).toEqual(["'self'"]);
      expect(policy.get('connect-src'), name).toEqual(["'self'"]);
      expect(policy.get('object-src'), name).toEqual(["'none'"]);
      expect(policy.get('base-uri'), name).toEqual(["'self'"]);
      expect(policy.get('form-action'), name).toEqual(["'self'"]);
      expect(policy.get('img-src'), name).toEqual(["'self'", 'data:', 'blob:']);
      // Nothing from another origin, and no way to run a string as script.
      const all = [...policy.values()].flat();
      expect(all.filter((s) => !s.startsWith("'") && !['data:', 'blob:'].includes(s)), name).toEqual([]);
      expect(all, name).not.toContain("'unsafe-eval'");
      expect(script, name).not.toContain("'unsafe-inline'");
    }
  });

  it("lists exactly the hashes of each page's inline scripts", () => {
    let inline = 0;
    for (const { name, doc } of pages) {
      const policy = directives(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!);
      const listed = new Set((policy.get('script-src') ?? []).filter((s) => s.startsWith("'sha256-")));
      const scripts = doc.querySelectorAll('script').filter((s) => !s.hasAttribute('src'));
      const needed = new Set(scripts.map((s) => sha256(s.rawText)));
      inline += scripts.length;
      for (const s of scripts) {
        expect(listed.has(sha256(s.rawText)), `${name}: inline script not allowed by the policy:\n${s.rawText.slice(0, 200)}`).toBe(true);
      }
      expect([...listed].filter((h) => !needed.has(h)), `${name}: hashes of no script on the page`).toEqual([]);
    }
    // The theme script in every head at least: the check above did look at scripts.
    expect(inline).toBeGreaterThanOrEqual(pages.length);
  });

  it('has no event-handler attributes or javascript: URLs, which no hash can allow', () => {
    for (const { name, doc } of pages) {
      const bad = doc.querySelectorAll('*').flatMap((el) =>
        Object.entries(el.attributes)
          .filter(([attr, value]) => /^on[a-z]+$/i.test(attr) || /^\s*javascript:/i.test(value))
          .map(([attr]) => `<${el.tagName.toLowerCase()} ${attr}>`),
      );
      expect(bad, name).toEqual([]);
    }
  });
});

#!/usr/bin/env node
// npm run new-chapter -- <slug> "<Title>" [--dir content/chapters]
//
// Creates content/chapters/<slug>.mdx with valid front matter (ordered after the existing
// chapters, dated today) and a short working example of each kind of apparatus: a section, a
// numbered equation and a reference to it, a citation and the reference list, and a live figure
// with a reference to it. The site then builds it at /chapters/<slug>/, lists it on the contents
// page and links it from the chapter before it. Nothing else needs editing.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

function fail(message) {
  console.error(`new-chapter: ${message}`);
  console.error('usage: npm run new-chapter -- <slug> "<Title>"   (slug: lower-case words joined by hyphens, e.g. what-fixed-it)');
  process.exit(1);
}

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const dir = resolve(dirFlag >= 0 ? args.splice(dirFlag, 2)[1] ?? fail('--dir needs a directory') : 'content/chapters');
const [slug, title, ...extra] = args;
if (!slug || !title || extra.length) fail('expected exactly two arguments, a slug and a title in quotes');
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) fail(`slug "${slug}" must be lower-case letters and digits joined by single hyphens`);
if (!title.trim()) fail('the title must not be empty');
const file = join(dir, `${slug}.mdx`);
if (existsSync(file)) fail(`${file} already exists; choose another slug or edit that file`);

mkdirSync(dir, { recursive: true });
const orders = readdirSync(dir)
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => Number(/^order:\s*(-?\d+)/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1]))
  .filter(Number.isFinite);
const order = orders.length ? Math.max(...orders) + 1 : 1;
const today = new Date().toISOString().slice(0, 10);
const yaml = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

writeFileSync(
  file,
  `---
# Front matter is checked against content/content.config.ts at build time.
title: ${yaml(title.trim())}
description: "One or two sentences saying what this chapter is about, for link previews."
order: ${order}
authors: ["Your Name"]
licence: "Text CC BY 4.0; code MIT"
date: ${today}
draft: false
---

import { Eq, Cite, References, Toc } from '../../components';
import { SigmoidPrime } from '../../components';

<p class="lede">A first paragraph that says what the reader will learn. Replace everything below
with your own text; the content guide is content/README.md.</p>

{/* The chapter's contents: one item per section (id and title as in its heading); a section's
    sub-sections go in a children list: { id, title, children: [{ id, title }] }. */}
<Toc items={[
  { id: 'start', title: 'A first section' },
  { id: 'references', title: 'References' },
]} />

<h2 id="start">A first section</h2>

Display mathematics is a \`$$\` block; wrap it in \`<Eq>\` to number it, and refer to it with an
empty link, which the build fills in as [](#eq-sigmoid-slope):

<Eq id="sigmoid-slope">

$$
\\sigma'(z) = \\sigma(z)\\,\\bigl(1 - \\sigma(z)\\bigr) \\le \\tfrac14 .
$$

</Eq>

Cite a work from content/bibliography.ts with its key: the book behind the first chapter is
<Cite k="nielsen2015" />. Every figure is computed live; [](#fig-sigmoid-prime) shows the slope of
[equation (#)](#eq-sigmoid-slope).

<SigmoidPrime caption="The sigmoid and its slope. Notice where the slope is largest." />

<h2 id="references">References</h2>

<References />
`,
);
console.log(`new-chapter: wrote ${file} (order ${order}); \`npm start\` serves it at /chapters/${slug}/`);
console.log('new-chapter: replace its placeholders (description, authors, the first paragraph) before you publish it: `npm test` fails while a published chapter keeps them.');

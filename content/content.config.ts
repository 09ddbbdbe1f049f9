// The content schema: what every chapter's front matter must say.
// Astro validates each chapter against it at build time; a missing or malformed field stops the
// build with a message that names the field (see the custom messages below).
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const field = (name: string, expected: string) => ({
  required_error: `front matter field "${name}" is missing: expected ${expected}`,
  invalid_type_error: `front matter field "${name}" has the wrong type: expected ${expected}`,
});

const chapters = defineCollection({
  // One MDX file per chapter, directly in content/chapters/.
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: z.object({
    // The chapter's title, shown as the page heading and in the browser tab.
    title: z.string(field('title', 'a non-empty string')).min(1, 'front matter field "title" must not be empty'),
    // One or two sentences for search engines and link previews.
    description: z
      .string(field('description', 'a one- or two-sentence string'))
      .min(10, 'front matter field "description" is too short: write a sentence'),
    // Position in the book; the chapter with the lowest order is served at the site root (/).
    order: z
      .number(field('order', 'a number such as 1'))
      .int('front matter field "order" must be a whole number'),
    // Who wrote this version of the text (a list, even for one author).
    authors: z
      .array(z.string(), field('authors', 'a list of names, e.g. ["Ada Lovelace"]'))
      .min(1, 'front matter field "authors" must name at least one author'),
    // Licence of the prose, e.g. "CC BY 4.0" (the code's licence is in the repository's LICENSE).
    licence: z.string(field('licence', 'a licence name such as "CC BY 4.0"')).min(1),
    // Date of the current version, written as YYYY-MM-DD.
    date: z.coerce.date({
      errorMap: () => ({ message: 'front matter field "date" must be a date written as YYYY-MM-DD' }),
    }),
    // Optional: a shorter title for the table of contents and navigation.
    shortTitle: z.string(field('shortTitle', 'a string')).optional(),
    // Optional: the work this chapter retells or builds on, shown in the credits.
    basedOn: z.string(field('basedOn', 'a string')).optional(),
    // Optional: true keeps the chapter out of the built site (drafts are still validated).
    draft: z.boolean(field('draft', 'true or false')).default(false),
  }),
});

export const collections = { chapters };

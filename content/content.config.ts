// The content schema: what every chapter's front matter must say.
// Astro validates each chapter against it at build time; a missing or malformed field stops the
// build with a message that names the field: Astro's own for a missing field or a wrong type
// ("order: Expected type "number", received "string""), ours below for the rest.
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { isIsoDate } from '../components/lib/iso-date';

const chapters = defineCollection({
  // One MDX file per chapter, directly in content/chapters/.
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: z.object({
    // The chapter's title, shown as the page heading and in the browser tab.
    title: z.string().min(1, 'front matter field "title" must not be empty'),
    // One or two sentences for search engines and link previews.
    description: z
      .string()
      .min(10, 'front matter field "description" is too short: write a sentence'),
    // Position in the book; the chapter with the lowest order is served at the site root (/).
    order: z
      .number()
      .int('front matter field "order" must be a whole number'),
    // Who wrote this version of the text (a list, even for one author).
    authors: z
      .array(z.string())
      .min(1, 'front matter field "authors" must name at least one author'),
    // Licence of the prose, e.g. "CC BY 4.0" (the code's licence is in the repository's LICENSE).
    licence: z.string().min(1),
    // Date of the current version, written as YYYY-MM-DD (quoted or not); anything else is
    // refused, not guessed (isIsoDate).
    date: z
      .custom<Date | string>(isIsoDate, { message: 'front matter field "date" must be a date written as YYYY-MM-DD' })
      .transform((v) => new Date(v)),
    // Optional: a shorter title for the table of contents and navigation.
    shortTitle: z.string().optional(),
    // Optional: the work this chapter retells or builds on, shown in the credits.
    basedOn: z.string().optional(),
    // Optional: true keeps the chapter out of the built site (drafts are still validated).
    draft: z.boolean().default(false),
  }),
});

export const collections = { chapters };

/**
 * newsclean from HTML, as the eval and the bench call it: a page's HTML (decoded) through the pipeline the way
 * `newsclean run` cleans an `.html` file (pipeline/clean.ts cleanBytes with `html`: decode, the front end's
 * text view, the stages), and its body text, as the text dumps' `cleanBody` gives theirs.
 */
import { cleanBytes } from '../pipeline/clean.js';
import '../pipeline/clean-html.js'; // the HTML half of cleanBytes, loaded up front (pipeline/html-cleaning.ts)
import { type CleaningConfig, parseConfig } from '../pipeline/config.js';
import { bodyText, type DocState } from '../stages/document.js';

const defaults = parseConfig({}).cleaning;
const encoder = new TextEncoder();

/** What the eval and the bench call the system. */
export const NEWSCLEAN_HTML_NAME = 'newsclean from HTML';

/**
 * The cleaned state and body text of one page; a page the pipeline rejects (no visible text, too large) has no
 * state and an empty text, and the rejection's code.
 */
export function cleanHtmlPage(
  html: string,
  cleaning: CleaningConfig = defaults,
): { state: DocState | null; text: string; rejected: string | null } {
  const done = cleanBytes(encoder.encode(html), cleaning, undefined, true);
  if (!done.ok) return { state: null, text: '', rejected: done.code };
  return { state: done.state, text: bodyText(done.state), rejected: null };
}

/** The body text alone; null would mean the library had no HTML entry point (the eval then says so). */
export const cleanHtmlText: ((html: string) => string) | null = (html) => cleanHtmlPage(html).text;

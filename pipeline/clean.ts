/** The chain of document stages, in order. Pure: bytes and options in, a cleaned state or a rejection out. */
import { boilerplate } from '../stages/boilerplate.js';
import type { Decoded, Rejected } from '../stages/decode.js';
import { decode } from '../stages/decode.js';
import type { HtmlDecoded } from '../stages/decode-html.js';
import { dedupeHeadlines } from '../stages/dedupe-headlines.js';
import { density } from '../stages/density.js';
import type { DocState } from '../stages/document.js';
import { mergeRemovals, newDocState } from '../stages/document.js';
import { fix } from '../stages/fix.js';
import type { HtmlSource } from '../stages/html.js';
import { language } from '../stages/language.js';
import { linkText, markup, orphanHeadings, tailNotices } from '../stages/markup.js';
import { metadata } from '../stages/metadata.js';
import { segment } from '../stages/segment.js';
import { sentences } from '../stages/sentences.js';
import type { SiteLines } from '../stages/site-repeated.js';
import { siteRepeated } from '../stages/site-repeated.js';
import type { CleaningConfig } from './config.js';
import { htmlCleaningLoaded } from './html-cleaning.js';

export interface Cleaned {
  readonly ok: true;
  /** How the bytes became text: stages/decode.ts's record, or stages/decode-html.ts's for an HTML page. */
  readonly decoded: Omit<Decoded, 'text' | 'ok'> | Omit<HtmlDecoded, 'text' | 'ok'>;
  readonly state: DocState;
}

/** No furniture known: a document cleaned on its own, outside a run's first pass. */
const NO_SITE_LINES: SiteLines = new Set();

/**
 * Called between the largest steps of cleaning one document: the run's worker threads pass a full garbage
 * collection for a document of many MB (pipeline/gc.ts), so that its peak memory is what is live rather than
 * what V8 lets pile up. It must not touch the document: the output is the same whatever it does.
 */
export type Settle = () => void;
const NO_SETTLE: Settle = () => undefined;

/**
 * html: the input is an HTML page (stages/html.ts): its bytes are decoded as browsers decide
 * (stages/decode-html.ts; httpContentType, a WARC response's header, gives the first hint), the stages clean
 * its text view, and the page with its block table travels in the state (DocState.html) for the markup stage
 * and the records' HTML offsets (pipeline/clean-html.ts, loaded with loadHtmlCleaning()).
 */
export function cleanBytes(
  bytes: Uint8Array,
  config: CleaningConfig,
  siteLines: SiteLines = NO_SITE_LINES,
  html = false,
  httpContentType: string | null = null,
  /** Called between the largest steps of cleaning (see Settle): it must not touch the document. */
  settle: () => void = NO_SETTLE,
): Cleaned | Rejected {
  if (html) return htmlCleaningLoaded().cleanHtmlBytes(bytes, config, siteLines, httpContentType, settle);
  const decoded = decode(bytes, config.decode);
  if (!decoded.ok) return decoded;
  const { text, ok: _ok, ...info } = decoded;
  return { ok: true, decoded: info, state: cleanText(text, config, siteLines, undefined, settle) };
}

/**
 * siteLines: the keys of the document's site's furniture lines, from the run's first pass (stages/site-repeated.ts).
 * html: for an HTML page, the page and its block table; `text` is then its text view (stages/html.ts).
 */
export function cleanText(
  text: string,
  config: CleaningConfig,
  siteLines: SiteLines = NO_SITE_LINES,
  html?: HtmlSource,
  /** Called between the largest steps of cleaning (see Settle): it must not touch the document. */
  settle: () => void = NO_SETTLE,
): DocState {
  let state = newDocState(text, html);
  state = segment(state);
  state = markup(state, config.markup.disable, config.markup.params);
  state = language(state, config.language);
  state = boilerplate(state, config.boilerplate);
  state = metadata(state);
  state = dedupeHeadlines(state, config.dedupeHeadlines);
  state = density(state, config.density);
  state = linkText(state, config.markup.params, config.markup.disable);
  state = tailNotices(state, config.markup.params, config.markup.disable);
  state = orphanHeadings(state, config.markup.params, config.markup.disable);
  state = siteRepeated(state, siteLines, config.siteRepeated);
  state = fix(state, config.fix);
  // The stages so far have left garbage about the text's size; sentences allocates the most of any stage.
  settle();
  state = sentences(state);
  return mergeRemovals(state, config.log.maxRemovals);
}

/**
 * Where the HTML half of cleaning (pipeline/clean-html.ts) is found once it is loaded. Its own small module,
 * imported by pipeline/clean.ts and by the site pass (pipeline/site-index.ts), so that neither a thread that
 * cleans only text dumps nor the run's main thread loads the HTML parser, the encoding sniffers and the markup
 * metadata (parse5, hast-util-from-parse5, rehype-parse, chardet, @exodus/bytes: about 60-90 ms of CPU in each
 * thread that loads them) before an HTML page arrives.
 */
import type { DecodeOptions, Rejected } from '../stages/decode.js';
import type { SiteLines } from '../stages/site-repeated.js';
import type { Cleaned, Settle } from './clean.js';
import type { CleaningConfig } from './config.js';

/** The HTML half of cleaning (pipeline/clean-html.ts), once it is loaded. */
export interface HtmlCleaning {
  readonly cleanHtmlBytes: (
    bytes: Uint8Array,
    config: CleaningConfig,
    siteLines: SiteLines,
    httpContentType: string | null,
    settle?: Settle,
  ) => Cleaned | Rejected;
  readonly htmlSiteText: (
    bytes: Uint8Array,
    httpContentType: string | null,
    options: DecodeOptions,
  ) => string | null;
}

/**
 * Set once, by pipeline/clean-html.ts when it is evaluated, and never changed. Module state, but write-once
 * and holding code, never a run's data: what a document's records hold does not depend on when it was set (an
 * HTML page cleaned before it is throws instead: a programmer error, loadHtmlCleaning() was not awaited).
 */
let htmlCleaning: HtmlCleaning | null = null;

/** Called by pipeline/clean-html.ts only. */
export function provideHtmlCleaning(cleaning: HtmlCleaning): void {
  htmlCleaning ??= cleaning;
}

/** Loads the HTML half of cleaning; to be awaited before the first HTML page is cleaned in a thread. */
export async function loadHtmlCleaning(): Promise<HtmlCleaning> {
  if (htmlCleaning === null) await import('./clean-html.js');
  return htmlCleaningLoaded();
}

/** The HTML half of cleaning; throws when loadHtmlCleaning() was not awaited (nor clean-html.ts imported). */
export function htmlCleaningLoaded(): HtmlCleaning {
  if (htmlCleaning === null)
    throw new Error(
      'newsclean: HTML cleaning is not loaded in this thread: await loadHtmlCleaning() (pipeline/html-cleaning.ts) before cleaning an HTML page',
    );
  return htmlCleaning;
}

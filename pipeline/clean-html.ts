/**
 * The HTML half of cleaning: an HTML page's bytes decoded as browsers decide (stages/decode-html.ts), parsed
 * (stages/html.ts), its text view cleaned by the stage chain (pipeline/clean.ts cleanText) with the page and
 * its markup's metadata in the state.
 *
 * A module of its own so that a run of text dumps never loads the HTML parser, the encoding sniffers and the
 * markup metadata (parse5, hast-util-from-parse5, rehype-parse, chardet, @exodus/bytes: about 60-90 ms of CPU
 * per thread that loads them). It registers itself (pipeline/html-cleaning.ts) when it is evaluated: the run's
 * workers and the site pass load it with `loadHtmlCleaning()` when their first HTML page arrives; the
 * library's entry (pipeline/index.ts), whose clean() is synchronous, imports it up front.
 */
import type { DecodeOptions, Rejected } from '../stages/decode.js';
import { NOT_WHITE_SPACE } from '../stages/decode.js';
import { charsetFromContentType, decodeHtml } from '../stages/decode-html.js';
import type { HtmlSource } from '../stages/html.js';
import { htmlTextView, markupElements, parseHtml, textView } from '../stages/html.js';
import { markupMetadataOf } from '../stages/markup-metadata.js';
import type { SiteLines } from '../stages/site-repeated.js';
import type { Cleaned, Settle } from './clean.js';
import { cleanText } from './clean.js';
import type { CleaningConfig } from './config.js';
import { provideHtmlCleaning } from './html-cleaning.js';

/** An HTML page's bytes through the stage chain (see pipeline/clean.ts cleanBytes, whose HTML branch this is). */
export function cleanHtmlBytes(
  bytes: Uint8Array,
  config: CleaningConfig,
  siteLines: SiteLines,
  httpContentType: string | null,
  settle?: Settle,
): Cleaned | Rejected {
  const httpCharset = httpContentType === null ? null : charsetFromContentType(httpContentType);
  const decoded = decodeHtml(bytes, { maxBytes: config.decode.maxBytes, httpCharset });
  if (!decoded.ok) return decoded;
  const { text, ok: _ok, ...info } = decoded;
  // One parse for both readers of the tree: the text view (htmlTextView) and the markup's metadata.
  const page = parseHtml(text);
  const view = textView(page.document, page.flattened, config.html.params);
  if (!NOT_WHITE_SPACE.test(view.text))
    return { ok: false, code: 'empty', reason: 'the HTML holds no visible text' };
  const source: HtmlSource = {
    html: text,
    blocks: view.blocks,
    flattened: view.flattened,
    content: view.content,
    markup: markupMetadataOf(markupElements(page)),
  };
  return { ok: true, decoded: info, state: cleanText(view.text, config, siteLines, source, settle) };
}

/**
 * The text of an HTML page whose lines the site pass counts: its text view, as its cleaning sees it (see
 * pipeline/site-index.ts siteText); null when it does not decode.
 */
export function htmlSiteText(
  bytes: Uint8Array,
  httpContentType: string | null,
  options: DecodeOptions,
): string | null {
  const httpCharset = httpContentType ? charsetFromContentType(httpContentType) : null;
  const page = decodeHtml(bytes, { maxBytes: options.maxBytes, httpCharset });
  return page.ok ? htmlTextView(page.text).text : null;
}

provideHtmlCleaning({ cleanHtmlBytes, htmlSiteText });

/**
 * What both entry points export (pipeline/index.ts for Node, pipeline/browser.ts for bundlers): the record
 * types and schemas, config parsing, the rule registry and the stages. Everything here runs without Node-only
 * modules. Anything not exported by an entry point is internal and may change in any release.
 */

export type { BoilerplateOptions, BoilerplateRule } from '../stages/boilerplate.js';
export { boilerplate, DEFAULT_RULES, IMAGE_ALT_RULE } from '../stages/boilerplate.js';
export type {
  Decoded,
  DecodeOptions,
  DecodeResult,
  RejectCode,
  Rejected as DecodeRejected,
} from '../stages/decode.js';
export { decode } from '../stages/decode.js';
export type { DedupeOptions } from '../stages/dedupe-headlines.js';
export { dedupeHeadlines } from '../stages/dedupe-headlines.js';
export type { DensityOptions, DensityParams, DensityRule } from '../stages/density.js';
export { DENSITY_PARAMS, DENSITY_RULES, density } from '../stages/density.js';
export type {
  Block,
  DocState,
  Edit,
  Finding,
  Metadata,
  Removal,
  Role,
  Sentence,
} from '../stages/document.js';
export { newDocState } from '../stages/document.js';
export type { Candidate, FixOptions, FixRule, Needs } from '../stages/fix.js';
export { FIX_RULES, fix } from '../stages/fix.js';
export type {
  ContentSpan,
  ElementSpan,
  HtmlBlock,
  HtmlSource,
  HtmlView,
  PageChild,
  PageComment,
  PageDoctype,
  PageDocument,
  PageElement,
  PageFragment,
  PageParent,
  PageTemplate,
  PageText,
  ParsedPage,
} from '../stages/html.js';
export { htmlTextView, markupTree, parseHtml, textView } from '../stages/html.js';
export type { LanguageOptions } from '../stages/language.js';
export { language } from '../stages/language.js';
export type {
  ContentParams,
  Language,
  Languages,
  MarkupHint,
  MarkupRegion,
  PhraseLanguage,
} from '../stages/lexicon.js';
export {
  CONTENT_PARAMS,
  MARKUP_HINT_KINDS,
  MARKUP_HINT_SUFFIXES,
  MARKUP_HINT_WORDS,
} from '../stages/lexicon.js';
export type { MarkupContext, MarkupParams, MarkupRule } from '../stages/markup.js';
export {
  EVERY_MARKUP_RULE,
  LINK_POINTER_RULE,
  LINK_TEXT_RULE,
  linkText,
  MARKUP_PARAMS,
  MARKUP_RULES,
  markup,
  ORPHAN_HEADING_RULE,
  orphanHeadings,
  POINTER_LIST_RULE,
  TAIL_NOTICE_RULE,
  TIME_DATELINE_RULE,
  tailNotices,
} from '../stages/markup.js';
export type { MarkupMetadata, MarkupSource, Sourced } from '../stages/markup-metadata.js';
export { MARKUP_LIMITS, MARKUP_SOURCES, markupMetadata } from '../stages/markup-metadata.js';
export { metadata } from '../stages/metadata.js';
export { segment } from '../stages/segment.js';
export { sentences } from '../stages/sentences.js';
export type { SiteLines, SiteRepeatedOptions } from '../stages/site-repeated.js';
export { lineKey, siteRepeated } from '../stages/site-repeated.js';
export { cleanText } from './clean.js';
export type { CleaningConfig, ConfigFile } from './config.js';
export {
  CleaningConfigSchema,
  ConfigError,
  ConfigFileSchema,
  configHash,
  parseConfig,
  RULE_IDS,
} from './config.js';
export type { CleanDocument, CleanOptions, CodeStamp, ConfigInput, Rejected, RuleInfo } from './library.js';
export { DENSITY_DEFAULTS, defaultConfig, isRejected, RULES } from './library.js';
export type {
  DocumentRecord,
  DuplicateRecord,
  NearDuplicateRecord,
  Provenance,
  RejectedRecord,
  SentenceRecord,
  SourceRecord,
} from './schemas.js';
export {
  DocumentRecordSchema,
  DuplicateRecordSchema,
  jsonSchemas,
  NearDuplicateRecordSchema,
  ProvenanceSchema,
  RECORD_SCHEMAS,
  RejectedRecordSchema,
  SCHEMA_VERSION,
  SentenceRecordSchema,
  SourceRecordSchema,
} from './schemas.js';

/**
 * The part of the public API that runs anywhere: clean() of one document in memory, config parsing and the
 * rule registry. No Node-only module is imported here or below (pipeline/browser.ts bundles it for the
 * browser); what differs between Node and the browser (the sha256 of the input, the code's version and
 * fingerprint) is handed in by the entry points, pipeline/index.ts and pipeline/browser.ts.
 */

import type { z } from 'zod';
import { DEFAULT_RULES, IMAGE_ALT_RULE } from '../stages/boilerplate.js';
import { DENSITY_PARAMS, DENSITY_RULES } from '../stages/density.js';
import { FIX_RULES } from '../stages/fix.js';
import { EVERY_MARKUP_RULE } from '../stages/markup.js';
import type { SiteLines } from '../stages/site-repeated.js';
// The library's clean() is synchronous and takes HTML pages: the HTML half of cleaning is loaded with it
// (the run's workers load it only when an HTML page arrives, pipeline/html-cleaning.ts).
import './clean-html.js';
import type { ConfigFile, ConfigFileSchema } from './config.js';
import { configHash, parseConfig } from './config.js';
import { cleanToRecords } from './records.js';
import type {
  DocumentRecord,
  DuplicateRecord,
  Provenance,
  RejectedRecord,
  SentenceRecord,
  SourceRecord,
} from './schemas.js';

/** A config as written in a `--config` file (every field optional): what parseConfig() takes. */
export type ConfigInput = z.input<typeof ConfigFileSchema>;

/** One cleaned document: the record `newsclean run` writes to documents.jsonl. */
export type CleanDocument = DocumentRecord;
/** An input that could not be cleaned: the record `newsclean run` writes to rejected.jsonl. */
export type Rejected = RejectedRecord;

export interface CleanOptions {
  /**
   * The config, as in a `--config` file (default: every default). Parsed with parseConfig(), which throws a
   * ConfigError naming each problem; a parsed ConfigFile is accepted as well. Only `cleaning` matters here.
   */
  readonly config?: ConfigInput | ConfigFile;
  /**
   * `provenance.sourcePath` of the record (default `''`): `newsclean run` writes the input's path relative
   * to `--in`, with / separators. It does not change the cleaning, only the provenance.
   */
  readonly sourcePath?: string;
  /** `provenance.record`: which record of a container file the input was (default null, a plain file). */
  readonly record?: SourceRecord | null;
  /**
   * The input is an HTML page (default false), as `newsclean run` reads `.html` and `.htm` files: it is
   * cleaned from its text view (htmlTextView()), and paragraphs and removals carry `htmlStart`/`htmlEnd`.
   */
  readonly html?: boolean;
}

/** What a record's provenance says about the code that wrote it (pipeline/version.ts, pipeline/build-info.ts). */
export interface CodeStamp {
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
}

/** What an entry point supplies: its sha256 (hex) and the stamp of the code it runs. */
export interface Environment {
  readonly sha256: (bytes: Uint8Array) => string;
  readonly stamp: () => CodeStamp;
}

const parsed = new WeakMap<object, ConfigFile>();

/** The parsed config of an option (parsed once per config object: a loop over clean() parses it once). */
export function configOf(config: ConfigInput | ConfigFile | undefined): ConfigFile {
  if (config === undefined) return parseConfig({});
  let out = parsed.get(config);
  if (out === undefined) {
    out = parseConfig(config);
    parsed.set(config, out);
  }
  return out;
}

const utf8 = new TextEncoder();

/** The bytes of an input: a string is encoded as UTF-8, as if it had been read from a file. */
export function inputBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? utf8.encode(input) : input;
}

/** The provenance of an input, as the run builds it (pipeline/dedupe.ts). */
export function provenanceOf(
  bytes: Uint8Array,
  sha256: string,
  config: ConfigFile,
  stamp: CodeStamp,
  options: { readonly sourcePath?: string; readonly record?: SourceRecord | null },
): Provenance {
  return {
    sourcePath: options.sourcePath ?? '',
    sourceSha256: sha256,
    sourceBytes: bytes.byteLength,
    record: options.record ?? null,
    pipelineVersion: stamp.pipelineVersion,
    codeFingerprint: stamp.codeFingerprint,
    configHash: configHash(config.cleaning),
  };
}

/** clean() with its environment: the document's records (document and sentences), or its rejection. */
export function cleanRecordsWith(
  env: Environment,
  input: string | Uint8Array,
  options: CleanOptions = {},
  siteLines?: SiteLines,
): { readonly document: CleanDocument; readonly sentences: SentenceRecord[] } | Rejected {
  const config = configOf(options.config);
  const bytes = inputBytes(input);
  const provenance = provenanceOf(bytes, env.sha256(bytes), config, env.stamp(), options);
  return cleanToRecords(bytes, provenance, config.cleaning, siteLines, options.html === true);
}

/** True for a rejection (it has a `code`), false for a cleaned document (or a duplicate, from cleanStream). */
export function isRejected(record: CleanDocument | Rejected | DuplicateRecord): record is Rejected {
  return 'code' in record;
}

/** Where a rule's removals, edits or findings are logged, and whether config can switch it off. */
export interface RuleInfo {
  /** The stage (a file name in stages/): the `stage` field of the rule's log entries. */
  readonly stage: 'markup' | 'boilerplate' | 'density' | 'fix';
  /** Stable kebab-case id: the `rule` field of its log entries, and what `cleaning.<stage>.disable` names. */
  readonly id: string;
  /** ISO 639-1 codes of the languages it runs on, or 'any'. */
  readonly languages: readonly string[] | 'any';
  readonly why: string;
  /** A line it removes (for a markup rule, an HTML fragment whose text it removes), or a fix's text before and after. */
  readonly example: string | { readonly before: string; readonly after: string };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The rule registry, read-only: every markup, boilerplate, density and fix rule (the rules config can
 * disable), in the order each stage tries them. Their parameters are the config's: see defaultConfig().
 */
export const RULES: readonly RuleInfo[] = deepFreeze([
  ...EVERY_MARKUP_RULE.map(
    (rule): RuleInfo => ({
      stage: 'markup',
      id: rule.id,
      languages: rule.languages,
      why: rule.why,
      example: rule.example,
    }),
  ),
  ...DEFAULT_RULES.map(
    (rule): RuleInfo => ({
      stage: 'boilerplate',
      id: rule.id,
      languages: rule.languages ?? 'any',
      why: rule.why,
      example: rule.example,
    }),
  ),
  {
    stage: 'boilerplate',
    id: IMAGE_ALT_RULE.id,
    languages: IMAGE_ALT_RULE.languages,
    why: IMAGE_ALT_RULE.why,
    example: IMAGE_ALT_RULE.example,
  },
  ...Object.values(DENSITY_RULES).map(
    (rule): RuleInfo => ({
      stage: 'density',
      id: rule.id,
      languages: rule.languages,
      why: rule.why,
      example: rule.example,
    }),
  ),
  ...FIX_RULES.map(
    (rule): RuleInfo => ({
      stage: 'fix',
      id: rule.id,
      languages: rule.languages,
      why: rule.why,
      example: { before: rule.example.before, after: rule.example.after },
    }),
  ),
]);

/** density's thresholds and their defaults (the `cleaning.density.params` of a config), read-only. */
export const DENSITY_DEFAULTS: Readonly<typeof DENSITY_PARAMS> = deepFreeze({ ...DENSITY_PARAMS });

/** Every option with its default value: parseConfig({}), a new object on each call. */
export function defaultConfig(): ConfigFile {
  return parseConfig({});
}

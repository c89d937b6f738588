/**
 * Configuration: validated once, at the edge, with zod. Stages receive plain, already-checked options.
 * Only the cleaning options are hashed into provenance: how many workers ran does not change the output.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { DEFAULT_RULES, IMAGE_ALT_RULE } from '../stages/boilerplate.js';
import { DENSITY_PARAMS, DENSITY_RULES } from '../stages/density.js';
import { FIX_RULES } from '../stages/fix.js';
import { CONTENT_PARAMS } from '../stages/lexicon.js';
import { EVERY_MARKUP_RULE, MARKUP_PARAMS } from '../stages/markup.js';
import { LEAN } from './writers/lean.js';
import { COMPRESSIONS, FORMATS } from './writers/names.js';

/**
 * Worker threads at most: each holds its own heap (tens of MB idle, more with a large document), and past a
 * few threads per core nothing gets faster (README, Memory and scale). Fixed, so a config valid on one machine
 * is valid on every machine.
 */
export const MAX_CONCURRENCY = 64;
const CONCURRENCY = `a whole number from 1 to ${MAX_CONCURRENCY} (worker threads)`;

/** The rule ids each stage's `disable` list may name: its registry, declared once in the stage. */
export const RULE_IDS = {
  boilerplate: [...DEFAULT_RULES.map((r) => r.id), IMAGE_ALT_RULE.id],
  markup: EVERY_MARKUP_RULE.map((r) => r.id),
  density: Object.values(DENSITY_RULES).map((r) => r.id),
  fix: FIX_RULES.map((r) => r.id),
} as const satisfies Record<string, readonly string[]>;

/** Edit distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/** Known ids close to a mistyped one: a few edits away, or one holding the other. */
export function closeMatches(id: string, known: readonly string[]): string[] {
  return known
    .map((k) => ({ k, d: distance(id, k) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(k.length / 4)) || k.includes(id) || id.includes(k))
    .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : 1))
    .map(({ k }) => k);
}

/**
 * A `disable` list checked against its stage's rule ids (and, for boilerplate, the config's own rules): a
 * typo would otherwise disable nothing, silently. Ids that are not kebab-case already have their own issue.
 */
function checkDisabled(
  stage: keyof typeof RULE_IDS,
  disable: readonly string[],
  known: readonly string[],
  ctx: z.RefinementCtx,
): void {
  for (const [i, id] of disable.entries()) {
    if (known.includes(id) || !KEBAB.test(id)) continue;
    const close = closeMatches(id, known);
    const elsewhere = (Object.keys(RULE_IDS) as Array<keyof typeof RULE_IDS>).find(
      (other) => other !== stage && (RULE_IDS[other] as readonly string[]).includes(id),
    );
    const hint = elsewhere
      ? `; \`${id}\` is a ${elsewhere} rule: list it in \`cleaning.${elsewhere}.disable\``
      : close.length
        ? `; did you mean ${close.map((c) => `\`${c}\``).join(' or ')}?`
        : '';
    ctx.addIssue({
      code: 'custom',
      path: [stage, 'disable', i],
      message: `unknown ${stage} rule \`${id}\``,
      params: { unknownRule: true, hint: `${hint} (${stage} rules: ${known.join(', ')})` },
    });
  }
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ruleId = z.string().regex(KEBAB, 'a kebab-case rule id');

export const BoilerplateRuleSchema = z.strictObject({
  id: ruleId,
  pattern: z.string().refine(
    (pattern) => {
      try {
        new RegExp(pattern, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'a valid regular expression (flags i and u are added)' },
  ),
  scope: z.enum(['line', 'rest', 'next']).default('line'),
  role: z.enum(['boilerplate', 'caption']).default('boilerplate'),
  why: z.string().min(1),
  example: z.string().default(''),
});

/**
 * A stage's thresholds: every key of its one parameters object optional, a finite number >= 0, its default
 * the object's own value.
 */
function paramsSchema<K extends string>(defaults: Readonly<Record<K, number>>) {
  const shape = Object.fromEntries(
    Object.entries<number>(defaults).map(([key, value]) => [key, z.number().finite().min(0).default(value)]),
  ) as Record<K, z.ZodDefault<z.ZodNumber>>;
  // Every key has a default, so an absent object is the defaults; the generic shape hides that from the types.
  return z.strictObject(shape).prefault({} as z.input<z.ZodObject<Record<K, z.ZodDefault<z.ZodNumber>>>>);
}

export const CleaningConfigSchema = z
  .strictObject({
    decode: z
      .strictObject({
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(8 * 1024 * 1024),
      })
      .prefault({}),
    /** HTML input only: the content score that chooses a page's content element (stages/html.ts). */
    html: z.strictObject({ params: paramsSchema(CONTENT_PARAMS) }).prefault({}),
    /** HTML input only: the markup stage's rules (stages/markup.ts). */
    markup: z
      .strictObject({
        disable: z.array(ruleId).default([]),
        params: paramsSchema(MARKUP_PARAMS),
      })
      .prefault({}),
    language: z
      .strictObject({
        force: z
          .string()
          .regex(/^(?:[a-z]{2}|und)$/, 'an ISO 639-1 code such as "en", or "und"')
          .nullable()
          .default(null),
        minConfidence: z.number().min(0).max(1).default(0.05),
        minLetters: z.number().int().min(1).default(20),
      })
      .prefault({}),
    boilerplate: z
      .strictObject({
        disable: z.array(ruleId).default([]),
        extraRules: z.array(BoilerplateRuleSchema).default([]),
      })
      .prefault({}),
    density: z
      .strictObject({
        disable: z.array(ruleId).default([]),
        params: paramsSchema(DENSITY_PARAMS),
      })
      .prefault({}),
    dedupeHeadlines: z
      .strictObject({
        nearThreshold: z.number().min(0.5).max(1).default(0.85),
        nearMaxWords: z.number().int().positive().default(30),
      })
      .prefault({}),
    fix: z
      .strictObject({
        disable: z.array(ruleId).default([]),
        maxFindings: z.number().int().min(0).default(1000),
        maxEdits: z.number().int().min(0).default(10000),
      })
      .prefault({}),
    /** How much of the removal log one document may hold (README "Hostile input"). */
    log: z
      .strictObject({
        maxRemovals: z.number().int().min(1).default(10000),
      })
      .prefault({}),
    /** stages/site-repeated.ts: lines repeated across a site's documents (README "Site furniture"). */
    siteRepeated: z
      .strictObject({
        enabled: z.boolean().default(true),
        minDocs: z.number().int().min(2).default(3),
        minShare: z.number().min(0).max(1).default(0.2),
        minSiteDocs: z.number().int().min(2).default(5),
        maxLineChars: z.number().int().positive().default(200),
        proseMinWords: z.number().int().positive().default(10),
        prose: z.enum(['finding', 'remove']).default('finding'),
      })
      .prefault({}),
    nearDuplicates: z
      .strictObject({
        threshold: z.number().min(0.5).max(1).default(0.8),
        shingleSize: z.number().int().min(1).max(12).default(5),
      })
      .prefault({}),
  })
  .superRefine((cleaning, ctx) => {
    const extra = cleaning.boilerplate.extraRules.map((r) => r.id);
    checkDisabled('boilerplate', cleaning.boilerplate.disable, [...RULE_IDS.boilerplate, ...extra], ctx);
    checkDisabled('markup', cleaning.markup.disable, RULE_IDS.markup, ctx);
    checkDisabled('density', cleaning.density.disable, RULE_IDS.density, ctx);
    checkDisabled('fix', cleaning.fix.disable, RULE_IDS.fix, ctx);
  });

/** How to read container inputs. Not hashed: a record's content is hashed itself (its sha256 is its key). */
export const InputConfigSchema = z.strictObject({
  jsonl: z
    .strictObject({
      textField: z.string().min(1).default('text'),
      /** A record's HTML page (issue 11): read as `format: 'html'` when the record has no text (see `prefer`). */
      htmlField: z.string().min(1).default('html'),
      /** Which field wins when a record has both: `text` (the default, as before HTML input existed) or `html`. */
      prefer: z.enum(['text', 'html']).default('text'),
      idField: z.string().min(1).default('id'),
      urlField: z.string().min(1).default('url'),
    })
    .prefault({}),
});

/**
 * Which dataset files a run writes (pipeline/writers/options.ts); each field absent means the default, and
 * the --formats, --compress and --lean flags override it. Not hashed, like concurrency: the config hash in
 * every record names what cleaning decided, and a format or codec changes none of it (`--formats jsonl
 * --compress zstd` decompresses to the very bytes of the default JSON Lines, configHash included). What
 * keeps a re-run from reusing parts written for other output options is the manifest's trailer (file names
 * and record layouts), not the hash.
 */
export const OutputConfigSchema = z.strictObject({
  formats: z
    .array(z.enum(FORMATS))
    .min(1)
    .transform((formats) => [...new Set(formats)])
    .optional(),
  compress: z.enum(COMPRESSIONS).optional(),
  lean: z
    .array(z.enum(LEAN))
    .transform((lean) => [...new Set(lean)])
    .optional(),
});

export const ConfigFileSchema = z.strictObject({
  cleaning: CleaningConfigSchema.prefault({}),
  input: InputConfigSchema.prefault({}),
  output: OutputConfigSchema.prefault({}),
  concurrency: z
    .number({ error: CONCURRENCY })
    .int({ error: CONCURRENCY })
    .min(1, { error: CONCURRENCY })
    .max(MAX_CONCURRENCY, { error: CONCURRENCY })
    .optional(),
});

export type CleaningConfig = z.infer<typeof CleaningConfigSchema>;
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
export type InputConfig = z.infer<typeof InputConfigSchema>;
export type OutputConfig = z.infer<typeof OutputConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** What a value had to be, in words: "a whole number ≥ 1", "a number ≤ 1", "a non-empty string". */
function expectation(issue: z.core.$ZodIssue): string | null {
  // A message the schema wrote itself says it best; zod's own start "Too small", "Too big", "Invalid ...".
  if (!/^(Too small|Too big|Invalid)\b/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      const sign = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      if (issue.origin === 'string')
        return small && bound === 1 ? 'a non-empty string' : `a string of ${sign} ${bound} characters`;
      if (issue.origin === 'array') return `a list of ${sign} ${bound} items`;
      return `a number ${sign} ${bound}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}`;
    case 'invalid_format':
    case 'custom':
      return issue.message;
    default:
      return null;
  }
}

/** "expected `cleaning.fix.disable[0]` to be a kebab-case rule id, got `X`" — one line per problem. */
export function describeIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${String(part)}` : String(part)))
        .join('');
      let value: unknown = input;
      for (const part of issue.path)
        value = (value as Record<PropertyKey, unknown> | undefined)?.[part as PropertyKey];
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => `\`${path ? `${path}.` : ''}${k}\``).join(', ');
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
      }
      const where = `\`${path || '(config)'}\``;
      if (issue.code === 'custom' && issue.params?.unknownRule)
        return `${issue.message} in ${where}${String(issue.params.hint ?? '')}`;
      const wanted = expectation(issue) ?? issue.message;
      return `expected ${where} to be ${wanted}, got \`${JSON.stringify(value)}\``;
    })
    .join('\n');
}

export function parseConfig(input: unknown): ConfigFile {
  const result = ConfigFileSchema.safeParse(input);
  if (!result.success) throw new ConfigError(describeIssues(result.error, input));
  return result.data;
}

/** JSON with object keys sorted, so equal configs hash equally however they were written. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The sections only HTML input reads (a text dump never does). Left out of the hash while they hold their
 * defaults: adding them did not change the hash, and so neither the provenance of text-dump records nor the
 * incremental manifests of output folders written before them; set to anything else they are hashed like any
 * section, and every record of the run names them. Leaving out a default loses nothing the hash is for: the
 * defaults are the code's, which `codeFingerprint` names.
 */
const HTML_SECTIONS = ['html', 'markup'] as const satisfies ReadonlyArray<keyof CleaningConfig>;
const HTML_DEFAULTS: Readonly<Record<(typeof HTML_SECTIONS)[number], string>> = (() => {
  const defaults = CleaningConfigSchema.parse({});
  return { html: canonicalJson(defaults.html), markup: canonicalJson(defaults.markup) };
})();

/**
 * The config hash in every record. sha256 from @noble/hashes (pure JavaScript, the same digest as
 * node:crypto's) so that config parsing and clean() load in a browser as well.
 */
export function configHash(cleaning: CleaningConfig): string {
  const hashed: Partial<CleaningConfig> = { ...cleaning };
  for (const section of HTML_SECTIONS)
    if (canonicalJson(cleaning[section]) === HTML_DEFAULTS[section]) delete hashed[section];
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(hashed)))).slice(0, 16);
}

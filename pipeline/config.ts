/**
 * Configuration: validated once, at the edge, with zod. Stages receive plain, already-checked options.
 * Only the cleaning options are hashed into provenance: how many workers ran does not change the output.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DENSITY_PARAMS, type DensityParams } from '../stages/density.js';

const ruleId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case rule id');

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

/** density's thresholds: every key optional, defaults from the stage's one parameters object. */
const densityParams = z
  .strictObject(
    Object.fromEntries(
      Object.entries(DENSITY_PARAMS).map(([key, value]) => [key, z.number().finite().min(0).default(value)]),
    ) as { [K in keyof DensityParams]: z.ZodDefault<z.ZodNumber> },
  )
  .prefault({});

export const CleaningConfigSchema = z.strictObject({
  decode: z
    .strictObject({
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(8 * 1024 * 1024),
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
      params: densityParams,
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
    })
    .prefault({}),
  nearDuplicates: z
    .strictObject({
      threshold: z.number().min(0.5).max(1).default(0.8),
      shingleSize: z.number().int().min(1).max(12).default(5),
    })
    .prefault({}),
});

/** How to read container inputs. Not hashed: a record's content is hashed itself (its sha256 is its key). */
export const InputConfigSchema = z.strictObject({
  jsonl: z
    .strictObject({
      textField: z.string().min(1).default('text'),
      idField: z.string().min(1).default('id'),
      urlField: z.string().min(1).default('url'),
    })
    .prefault({}),
});

export const ConfigFileSchema = z.strictObject({
  cleaning: CleaningConfigSchema.prefault({}),
  input: InputConfigSchema.prefault({}),
  concurrency: z.number().int().min(1).optional(),
});

export type CleaningConfig = z.infer<typeof CleaningConfigSchema>;
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
export type InputConfig = z.infer<typeof InputConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** "expected `cleaning.fix.disable[0]` to be ..., got `X`" — one line per problem. */
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
      return `expected \`${path || '(config)'}\` to be ${issue.message.replace(/^Invalid input: expected /, '')}, got \`${JSON.stringify(value)}\``;
    })
    .join('\n');
}

export function parseConfig(input: unknown): ConfigFile {
  const result = ConfigFileSchema.safeParse(input);
  if (!result.success) throw new ConfigError(describeIssues(result.error, input));
  return result.data;
}

export async function loadConfig(path: string | undefined): Promise<ConfigFile> {
  if (path === undefined) return parseConfig({});
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(json);
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

export function configHash(cleaning: CleaningConfig): string {
  return createHash('sha256').update(canonicalJson(cleaning)).digest('hex').slice(0, 16);
}

/** Reading a config file from disk (Node only): pipeline/config.ts itself parses and loads in a browser too. */
import { readFile } from 'node:fs/promises';
import type { ConfigFile } from './config.js';
import { ConfigError, parseConfig } from './config.js';

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

/**
 * Gzipped HTML page files (`.html.gz`, `.htm.gz`; plain `.html`/`.htm` are read whole like a text file),
 * decompressed as they stream, never past cleaning.decode.maxBytes (a gzip bomb costs at most that much
 * memory). Each file is one item whose bytes are the page as served, marked `html`: stages/decode-html.ts
 * decides its encoding. A file that is not gzip, or is cut or corrupt inside, is one `unreadable` rejection.
 */
import type { InputItem } from '../inputs.js';
import { sha256 } from '../inputs.js';
import type { OnRead } from './streams.js';
import { decompress, fileChunks } from './streams.js';

export async function readGzippedHtml(
  fullPath: string,
  sourcePath: string,
  maxBytes: number,
  onRead?: OnRead,
): Promise<InputItem> {
  const base = { sourcePath, record: null, bytes: null, sha256: null } as const;
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of decompress(fileChunks(fullPath, onRead), 'gzip')) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        return {
          ...base,
          error: {
            code: 'too-large',
            reason: `the page decompresses to more than the limit of ${maxBytes} bytes (config cleaning.decode.maxBytes); reading stopped there`,
          },
        };
      }
      parts.push(chunk);
    }
  } catch (error) {
    return {
      ...base,
      error: {
        code: 'unreadable',
        reason: `cannot read the gzip stream after ${size} decompressed bytes: ${(error as Error).message}`,
      },
    };
  }
  const bytes = new Uint8Array(Buffer.concat(parts, size));
  return { sourcePath, record: null, bytes, sha256: sha256(bytes), html: true, error: null };
}

/**
 * density compares a menu run's entries with the lines further down by contentsKey, and makes a line's key only
 * when contentsKeyFloor (a scan that allocates nothing) says it could be as short as an entry's and, for an
 * ASCII line, contentsKeyHash (the key's hash, made without the key) is an entry key's hash (stages/density.ts,
 * menuRuns). The floor must never be above the key's length, nor the hash differ from the key's, or a table of
 * contents whose headings come back would be missed; and the floor's cap must not change what it says about
 * lines at or under it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentsKey, contentsKeyFloor, contentsKeyHash, keyHash } from '../../stages/density.js';
import { newDocState } from '../../stages/document.js';
import { segment } from '../../stages/segment.js';
import { FC_SEED, realPageFiles } from '../helpers.js';

/** What is wrong with the floor on one line (at every cap up to a little past its key's length), or null. */
function fault(line: string): string | null {
  const length = contentsKey(line).length;
  const floor = contentsKeyFloor(line, Number.POSITIVE_INFINITY);
  if (floor > length) return `${JSON.stringify(line)}: floor ${floor} > key length ${length}`;
  for (let cap = 0; cap <= length + 2; cap++) {
    if (contentsKeyFloor(line, cap) <= cap !== floor <= cap)
      return `${JSON.stringify(line)}: capped at ${cap} it says otherwise`;
  }
  return hashFault(line);
}

/** What is wrong with contentsKeyHash on one line, or null: the key's hash for ASCII, null for the rest. */
function hashFault(line: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is what the fast path handles
  const expected = /^[\x00-\x7f]*$/.test(line) ? keyHash(contentsKey(line)) : null;
  const got = contentsKeyHash(line);
  return got === expected
    ? null
    : `${JSON.stringify(line)}: hash ${got}, key ${JSON.stringify(contentsKey(line))} hashes to ${expected}`;
}

describe("menuRuns' fast paths agree with contentsKey", () => {
  it('on lines made to sit at its edges', () => {
    const lines = [
      '',
      '12',
      '. 12',
      '... 12',
      'Introduction ........ 5',
      'Introduction\u00a0\u00a0\u2003 ·…_- 17',
      '2.3 Methods   12',
      '  Leading and trailing white space  ',
      'İSTANBUL İzmir',
      'ΟΔΟΣ ΣΑΣ',
      '\u{10400}\u{10401} deseret',
      '\ud800 lone surrogate',
      '٣ Arabic-Indic digit ５',
      'tabs\tand\nnew\rlines\u2028here',
      '— 12',
      'a_b-c.d·e…f 9',
    ];
    expect(lines.map(fault).filter((f) => f !== null)).toEqual([]);
    // A contents entry's key and floor: 'introduction', 12 code units, all of them letters the floor counts.
    expect(contentsKey('Introduction ........ 5')).toBe('introduction');
    expect(contentsKeyFloor('Introduction ........ 5', 100)).toBe(12);
    // The scan stops once it has counted past the cap.
    expect(contentsKeyFloor('Introduction ........ 5', 3)).toBe(4);
  });

  it('contentsKeyHash on ASCII lines at the edges of the page-number strip, and on random ASCII lines', () => {
    const lines = [
      'Introduction 5',
      'Introduction  5',
      'Introduction . 5',
      'Introduction .. 5',
      'Introduction ... 5',
      'Introduction...5',
      'Introduction.5',
      'Introduction-_-5',
      '2019',
      ' 2019',
      '   2019',
      'A 1 B 2',
      '\tTabs\tand\vVertical\fFeeds\r\n 12',
      '  MiXeD   Case  ',
      'x .\n. 7',
      '',
    ];
    expect(lines.map(hashFault).filter((f) => f !== null)).toEqual([]);
    // A different key hashes otherwise (the check above is not vacuous).
    expect(contentsKeyHash('Introduction 5')).not.toBe(contentsKeyHash('Introductions 5'));
    expect(contentsKeyHash('Résumé')).toBeNull();
    const line = fc.stringMatching(/^[ \t\n\v\f\r0-9._\-aZbY,:]{0,20}$/);
    fc.assert(
      fc.property(line, (text) => {
        expect(hashFault(text)).toBeNull();
      }),
      { seed: FC_SEED, numRuns: 5000 },
    );
  });

  it('on random lines of white space, digits, leaders, cased letters and astral characters', () => {
    const line = fc.stringMatching(/^[ \t\u00a0\u2003\n0-9.·…_\-aZİΣσßǅ\u{10400}\u{1F600},:]{0,24}$/u);
    fc.assert(
      fc.property(line, (text) => {
        expect(fault(text)).toBeNull();
      }),
      { seed: FC_SEED, numRuns: 3000 },
    );
  });

  it('on every line of the seeds and the dev pages that menuRuns would key (200 code units or fewer)', () => {
    const seen = new Set<string>();
    for (const file of realPageFiles()) {
      for (const block of segment(newDocState(readFileSync(file, 'utf8'))).blocks) {
        if (block.text.length > 200 || seen.has(block.text)) continue;
        seen.add(block.text);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    expect([...seen].map(fault).filter((f) => f !== null)).toEqual([]);
  }, 120_000);
});

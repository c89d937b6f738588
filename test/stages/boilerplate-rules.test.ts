/**
 * What issue 4 added to stages/boilerplate.ts: picture labels and agency credits as photo captions, and the
 * end of an inline related-articles box. The seed behaviour of the rules is tested in boilerplate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { boilerplate } from '../../stages/boilerplate.js';
import { newDocState } from '../../stages/document.js';
import { segment } from '../../stages/segment.js';

const options = { disable: [], extraRules: [] };
const run = (...paragraphs: string[]) => boilerplate(segment(newDocState(paragraphs.join('\n\n'))), options);
const ruleOf = (text: string) => {
  const doc = run('Some title line here', text);
  return doc.removed.find((r) => r.text === text)?.rule ?? null;
};

describe('photo-caption: picture labels and agency credits', () => {
  it.each([
    ['Above: A WeWork coworking space in San Francisco.', 'photo-caption'],
    ['FILE PHOTO: Traders work on the floor at the New York Stock Exchange.', 'photo-caption'],
    ['Image caption Eva-Marie Persson said the decision had been taken after interviews', 'photo-caption'],
    ['Photo by David Dyer-Bennet', 'photo-caption'],
    ['Photograph by Ed Marshall, Redonda Restoration Programme', 'photo-caption'],
    ['Photographs courtesy of the National Archives', 'photo-caption'],
    ['Courtesy of Andrew Vaughan', 'photo-caption'],
    ['Image 3 of 5', 'photo-caption'],
    ['Sheikh Mohammed passes a Boeing 777X. Natalie Naccache | Bloomberg | Getty Images', 'photo-caption'],
    [
      'Rep. Ilhan Omar speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file',
      'photo-caption',
    ],
    ['Traders work on the floor of the exchange. REUTERS/Brendan McDermid', 'photo-caption'],
  ])('%j is a caption (%s)', (text, rule) => {
    expect(ruleOf(text)).toBe(rule);
  });

  it.each([
    'Above all, the council wants a new bridge before the winter.',
    'The photo by the agency was shared thousands of times, officials said.',
    'Photographs by Ansel Adams are on show at the museum until May.',
    'The photograph by Dorothea Lange became the face of the Depression.',
    'June 26 -- PPL Center, Allentown, PA',
    'He told the AP.',
    'The images, 3 of 5 taken at night, were released on Monday.',
  ])('%j is left alone', (text) => {
    expect(ruleOf(text)).toBeNull();
  });
});

describe('related-list ends where the article goes on', () => {
  it('an inline "Related articles" box takes its headlines, not the paragraphs after it', () => {
    const doc = run(
      'Some title line here',
      'Health authorities have confirmed a third case of the disease in the region this week.',
      'Related articles',
      'Outbreak: region hit by highly contagious disease',
      'Horror as swarm of insects heads to Britain',
      'However, the other 28 people have showed no signs or symptoms of the disease.',
      'The other two contractors caught the disease, officials told reporters on Tuesday.',
    );
    expect(doc.removed.map((r) => r.text)).toEqual([
      'Related articles',
      'Outbreak: region hit by highly contagious disease',
      'Horror as swarm of insects heads to Britain',
    ]);
  });
});

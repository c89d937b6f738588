/**
 * The whole chain on the five seeds: what must be kept, that nothing leaves without a log entry, that
 * sentence offsets lead back to the raw text, and that cleaning is deterministic and idempotent.
 * Expected paragraphs were written by reading each raw file, not copied from output.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits, bodyRuns } from '../../stages/document.js';
import { clean, paragraphs, seed, unaccounted } from '../helpers.js';

const KEPT: Record<string, string[]> = {
  '000': [
    'President Alexander Lukashenko on Thursday opened',
    'Opponents called the event',
    'A former state farm director',
    'Mass arrests and brutal suppression',
    'Speaking at the forum',
    '«We are going through',
    'He compared the current situation',
    'According to him, now Belarus',
    '«These were certain tests',
    'Lukashenko said that the meeting participants',
    'The two-day event',
    '«Lukashenko gathers people loyal',
    '«Because Lukashenka understands',
    'Most of the participants',
  ],
  '001': [
    'Russia praised its embattled ally',
    'Foreign Minister Sergei Lavrov urged',
    '“They should take part',
    'Tens of thousands of Belarusians',
    'The opposition claims candidate',
    'On Monday, he announced plans',
    'The Belarusian leader responded',
    'Belarus, a nation of 9.5 million',
  ],
  '002': [
    'Belarus President Alexander Lukashenko has called on',
    'For the past 26 years',
    'Belarusian President Alexander Lukashenko’s plane',
    'At the meeting, Russian President',
    'Protests have continued in Belarus',
    'Katsarina Shamatsina, a researcher',
    'The 65-year-old President of Belarus',
    'Alexander Lukashenko has ruled Belarus since 1994',
    'Meanwhile, Belarusian opposition leader',
  ],
  '003': [
    'Alexander Lukashenko won a sixth term',
    'The president of Belarus has said',
    'President Alexander Lukashenko did not describe',
    'Mr Lukashenko has repeatedly raised',
    'The result sparked protests',
    'The opposition views the talk',
    'Belarusian authorities have called',
    '“I will not work with you',
    'The remarks came a day after',
    'Mr Lukashenko, who has been in office',
    'Police have taken a hard line',
  ],
  '004': [
    'The Russian leader accepts',
    'Russia has agreed to a',
    'Putin, in comments broadcast',
    'Lukashenko arrived in Sochi',
    'His plane landed in the Black Sea',
    'The meeting, in which Lukashenko',
    'Putin congratulated Lukashenko',
    'Protests, some with violence',
    '“I am concerned about Russia’s',
    'Katsiaryna Shmatsina of the Belarusian',
    'On Monday, the UN Rights Council',
    'Lukashenko, 65, gave an interview',
    'Lukashenko, who led the Eastern European',
    'Al Jazeera’s step Vaessen',
    '“He needs more support',
    'Belarusian opposition politician Svetlana',
    '“She said she was sorry',
  ],
};

for (const name of Object.keys(KEPT)) {
  describe(`seed ${name}`, () => {
    const doc = clean(seed(name));
    const kept = [...(name === '004' ? doc.metadata.standfirst : []), ...paragraphs(doc)];

    it('keeps every article paragraph, in order, and nothing else in the body', () => {
      const expected = KEPT[name]!;
      expect(kept).toHaveLength(expected.length);
      for (const [i, start] of expected.entries()) {
        expect(kept[i]!.startsWith(start), `${i}: ${kept[i]}`).toBe(true);
      }
    });

    it('loses nothing: every removed line is logged, every raw character accounted for', () => {
      expect(unaccounted(doc)).toBe('');
      for (const removal of doc.removed)
        expect(doc.raw.slice(removal.rawStart, removal.rawEnd)).toBe(removal.text);
      for (const edit of doc.edits) expect(doc.raw.slice(edit.rawStart, edit.rawEnd)).toBe(edit.before);
    });

    it('sentence offsets lead back to the raw text: raw[start:end] with the logged edits is the sentence', () => {
      expect(doc.sentences.length).toBeGreaterThan(kept.length - 1);
      let previousEnd = 0;
      for (const sentence of doc.sentences) {
        expect(applyEdits(doc.raw, sentence.rawStart, sentence.rawEnd, doc.edits).text).toBe(sentence.text);
        expect(sentence.text).toBe(sentence.text.trim());
        expect(sentence.rawStart).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = sentence.rawEnd;
      }
    });

    it('the sentences of a paragraph put together give the paragraph back', () => {
      const runs = bodyRuns(doc);
      runs.forEach((run, i) => {
        const inside = doc.sentences.filter((s) => s.rawStart >= run.rawStart && s.rawEnd <= run.rawEnd);
        expect(inside.map((s) => s.text).join(' ')).toBe(paragraphs(doc)[i]!.replace(/\s+/gu, ' '));
      });
    });

    it('is deterministic and idempotent: cleaning the clean document again changes nothing', () => {
      expect(clean(seed(name))).toEqual(doc);
      const { title, standfirst } = doc.metadata;
      const again = clean([title, ...standfirst, ...paragraphs(doc)].join('\n\n'));
      expect(paragraphs(again)).toEqual(paragraphs(doc));
      expect(again.edits).toEqual([]);
    });
  });
}

describe('seed sentences: the parser’s weak spots', () => {
  const sentencesOf = (name: string) => clean(seed(name)).sentences.map((s) => s.text);

  it('"Aug. 9", "U.S." and "U.S.-led" do not end a sentence', () => {
    const s = sentencesOf('001');
    expect(s).toContain(
      'Tens of thousands of Belarusians have been protesting each weekend since Lukashenko, 66, secured a sixth term with over 80% of the vote on Aug. 9, sparking accusations of fraud.',
    );
    expect(s).toContain('The U.S. the European Union have refused to accept Lukashenko’s re-election.');
    expect(s.filter((x) => x.includes('U.S.-led'))).toEqual([
      'Belarus, a nation of 9.5 million sandwiched between Russia and three members of the North Atlantic Treaty Organization, is seen as a key bulwark by the Kremlin against encroachment by the U.S.-led military alliance.',
    ]);
  });

  it('"Mr Lukashenko" stays inside its sentence', () => {
    expect(sentencesOf('003')).toContain(
      'The remarks came a day after Mr Lukashenko met with Russian foreign minister Sergey Lavrov, who expressed support for a new Belarusian Constitution.',
    );
  });

  it('quotes in «» and “” are kept whole with their attribution', () => {
    expect(sentencesOf('000')).toContain(
      'There were few such moments in the history of our country», – said Lukashenka.',
    );
    expect(sentencesOf('003')).toContain(
      '“I will not work with you as president under the new constitution,” Mr Lukashenko said in comments released by his press service.',
    );
    expect(sentencesOf('001')).toContain('“We see attempts to rock the situation.”');
  });

  it('a fixed run-together sentence becomes two sentences', () => {
    const s = sentencesOf('002');
    expect(s).toContain('Qatar-based Al Jazeera reports.');
    expect(s).toContain('President of Russia and Belarus');
  });
});

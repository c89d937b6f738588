/** What a run writes into its output folder to describe it. */

/** Written into every output folder, so a folder found on its own says what it is. */
export const OUT_README = `# newsclean output

Written by \`newsclean run\`; do not edit: the next run replaces this whole folder.
The fields of every file are described in the dataset card of the newsclean README and in \`schema/\`.
Dataset files (byte-identical for the same input and config): documents.jsonl, documents.csv,
sentences.jsonl, sentences.csv, rejected.jsonl, duplicates.jsonl, near-duplicates.jsonl,
schema/*.schema.json.
In the CSV files, a text cell that starts with = + - @ tab or CR has one \`'\` in front, so that spreadsheets
do not run it as a formula (OWASP's CSV injection guidance): remove the first character of every cell
matching \`^'+[=+\\-@\\t\\r]\` to get the exact text, which the JSON Lines files always hold.
\`run.json\` is the run report (timings, memory): it differs from run to run.
\`manifest.jsonl\` lets the next run into this folder reuse unchanged documents (see the README).
`;

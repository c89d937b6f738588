/**
 * What a record's provenance says about the code, for code that cannot read the package from disk (the
 * browser entry, pipeline/browser.ts). The build (tools/build-if-changed.mjs) replaces this file's compiled
 * form in dist/ with the package version and the code fingerprint of dist/ itself, the same values the CLI
 * computes with node:fs (pipeline/version.ts). This file is not part of the fingerprint, so writing it does
 * not change it. Run from the TypeScript sources (tests), it holds null: nothing was built.
 */
export interface BuildInfo {
  readonly pipelineVersion: string;
  readonly codeFingerprint: string;
}

export const BUILD_INFO: BuildInfo | null = null;

/**
 * The two things eval/anchor.ts uses from jsdom (a devDependency that ships no types). @types/jsdom would pull
 * the DOM library's globals (`document`, `window`, …) into every file of the project, where pipeline/ and
 * stages/ must not see them; so only these are declared.
 */
declare module 'jsdom' {
  export class VirtualConsole {}
  export class JSDOM {
    constructor(html: string, options?: { url?: string; virtualConsole?: VirtualConsole });
    readonly window: { readonly document: unknown; close(): void };
  }
}

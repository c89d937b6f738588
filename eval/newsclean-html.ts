/**
 * newsclean from HTML, as the eval and the bench call it: a page's HTML (decoded) to the cleaned body text,
 * through the library's HTML entry point (issue 11's front end). null until the library has one: the eval
 * then prints "not available" in its place, and the bench leaves its rows out.
 */
export const cleanHtmlText: ((html: string) => string) | null = null;

/** What the eval and the bench call the system. */
export const NEWSCLEAN_HTML_NAME = 'newsclean from HTML';

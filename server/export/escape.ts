const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escaper for every piece of text in an HTML report, element content and attribute values alike. */
export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * Markdown viewers differ in what they render, and many pass raw HTML through; escaping every
 * character that can start markup (CommonMark allows a backslash before any ASCII punctuation)
 * keeps a note's text as text everywhere.
 */
export function escapeMarkdown(text: string, indent = ''): string {
  return text
    .replace(/[\\`*_{}[\]()<>&|~!#]/g, (c) => '\\' + c)
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join(`  \n${indent}`);
}

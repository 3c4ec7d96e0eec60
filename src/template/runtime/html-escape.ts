/** markupsafe.escape: `&`, `<`, `>`, `'` and `"` as HTML entities. */
export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/>/g, '&gt;').replace(/</g, '&lt;').replace(/'/g, '&#39;').replace(/"/g, '&#34;')
}

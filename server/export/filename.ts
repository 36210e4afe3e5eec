// RFC 6266: `filename*` carries the real name (Japanese titles intact) for every current browser;
// `filename` is an ASCII stand-in for anything older.

/** RFC 8187 attr-char: everything else is percent-encoded from UTF-8. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+.^_`|~-]$/;

/** What a file name may not hold on Windows, macOS or Linux, plus controls. */
const UNSAFE = /[\u0000-\u001f\u007f"*/:<>?\\|]+/g;

export function downloadName(title: string, date: string, ext: string): string {
  const base = title.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim().slice(0, 80) || 'onaji-table';
  return `${base}_${date}.${ext}`;
}

/** `Content-Disposition: attachment` for a board's download named by its title and date. */
export function attachment(title: string, date: string, ext: string): string {
  const name = downloadName(title, date, ext);
  // A title with any non-ASCII character would lose its meaning as underscores; a neutral name is better.
  const fallback = /^[\x20-\x7e]+$/.test(name) ? name.replace(/[%;]/g, '_') : `onaji-table_${date}.${ext}`;
  const encoded = [...new TextEncoder().encode(name)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return b < 0x80 && ATTR_CHAR.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// The server's create key (CK1), typed once on the home page and remembered in this browser, so
// an organiser of a shared server is not asked again for every board.

const STORAGE_KEY = 'onaji:create-key';

export function loadCreateKey(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveCreateKey(key: string): void {
  try {
    if (key) localStorage.setItem(STORAGE_KEY, key);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage the key lasts as long as the page; it is typed again next time.
  }
}

/** The header of every request that makes a board or a template; none when no key is kept. */
export function createKeyHeader(): Record<string, string> {
  const key = loadCreateKey();
  return key ? { 'x-create-key': key } : {};
}

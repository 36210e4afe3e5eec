export type Log = {
  info: (msg: string, data?: Record<string, unknown>) => void;
  warn: (msg: string, data?: Record<string, unknown>) => void;
  error: (msg: string, data?: Record<string, unknown>) => void;
};
export type Clock = { now: () => number };

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A board id in a log line: enough to find its files (`ls boards/bAbCdEfG*`), far too little to
 * join the board. Board ids are capabilities; logs get copied to places the boards never go.
 */
export const boardTag = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

const BOARD_ID = /(?<![A-Za-z0-9_-])b[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g;
const LONG_TOKEN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g;

/**
 * Last line of defence for text that came from elsewhere (an error message naming a file): board
 * ids are shortened, and any long token that could be a key or a secret is cut to its start.
 */
export function redact(text: string): string {
  return text.replace(BOARD_ID, boardTag).replace(LONG_TOKEN, (t) => `${t.slice(0, 4)}…`);
}

const line = (level: string) => (msg: string, data?: Record<string, unknown>) =>
  (level === 'info' ? console.log : console.error)(redact(`[${level}] ${msg}${data ? ' ' + JSON.stringify(data) : ''}`));
export const consoleLog: Log = { info: line('info'), warn: line('warn'), error: line('error') };
export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

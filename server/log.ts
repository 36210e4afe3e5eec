export type Log = {
  info: (msg: string, data?: Record<string, unknown>) => void;
  warn: (msg: string, data?: Record<string, unknown>) => void;
  error: (msg: string, data?: Record<string, unknown>) => void;
};
export type Clock = { now: () => number };

export const systemClock: Clock = { now: () => Date.now() };

const line = (level: string) => (msg: string, data?: Record<string, unknown>) =>
  (level === 'info' ? console.log : console.error)(`[${level}] ${msg}${data ? ' ' + JSON.stringify(data) : ''}`);
export const consoleLog: Log = { info: line('info'), warn: line('warn'), error: line('error') };
export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

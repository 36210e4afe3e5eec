import type { jaBudgets } from './ja.budgets';

export const enBudgets: Record<keyof typeof jaBudgets, string> = {
  'conn.slow': 'Your connection fell behind; reconnecting…',
} as const;

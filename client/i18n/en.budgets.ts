import type { jaBudgets } from './ja.budgets';

export const enBudgets: Record<keyof typeof jaBudgets, string> = {
  'conn.slow': 'Connection fell behind; reconnecting…',
} as const;

import { blank } from './blank.js';
import type { Template } from './types.js';

export type { Template } from './types.js';

export const TEMPLATES: readonly Template[] = [blank];
export const templateById = (id: string): Template | undefined => TEMPLATES.find((t) => t.id === id);

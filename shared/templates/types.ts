// The template types come from the schema, like every other type that crosses a boundary.
export type { Phase, Template, TemplateInfo, TemplateNote, TemplateSection } from './schema.js';

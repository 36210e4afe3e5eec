import type { Section } from '../model.js';

/** A template is data: titles in both languages and the sections it lays out. */
export type Template = {
  id: string;
  title: { ja: string; en: string };
  description: { ja: string; en: string };
  sections: Omit<Section, 'id'>[];
};

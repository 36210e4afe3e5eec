import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Id } from '../../shared/model.js';
import type { Log } from '../log.js';
import { syncDir, writeFileDurably } from './durable-file.js';
import { moveAside } from './recovery.js';
import { StoredTemplate } from './types.js';
import { describeIssues } from '../../shared/issues.js';

/**
 * Custom templates in `DATA_DIR/templates/<id>.json`, one durable file each. Every file is parsed
 * with the template schema when the directory is first read; one that does not parse (or names
 * another id) is moved aside for a person to look at and is not offered (T12).
 */
export class TemplateFiles {
  private all: Promise<Map<string, StoredTemplate>> | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string, private readonly log: Log) {}

  private file = (id: string) => path.join(this.dir, `${id}.json`);

  /** Writes run one after another, so the cache and the directory never disagree. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => {});
    return next;
  }

  private loaded(): Promise<Map<string, StoredTemplate>> {
    if (!this.all) {
      this.all = this.read();
      this.all.catch(() => (this.all = null));
    }
    return this.all;
  }

  async list(): Promise<StoredTemplate[]> {
    return [...(await this.loaded()).values()].sort((a, b) => a.createdAt - b.createdAt || (a.template.id < b.template.id ? -1 : 1));
  }

  async get(id: string): Promise<StoredTemplate | null> {
    return (await this.loaded()).get(id) ?? null;
  }

  save(stored: StoredTemplate): Promise<void> {
    return this.serial(async () => {
      const all = await this.loaded();
      const made = await fs.mkdir(this.dir, { recursive: true });
      if (made) await syncDir(path.dirname(this.dir));
      await writeFileDurably(this.file(stored.template.id), JSON.stringify(stored));
      all.set(stored.template.id, stored);
    });
  }

  remove(id: string): Promise<boolean> {
    return this.serial(async () => {
      const all = await this.loaded();
      if (!all.has(id)) return false;
      await fs.unlink(this.file(id)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      await syncDir(this.dir);
      all.delete(id);
      return true;
    });
  }

  private async read(): Promise<Map<string, StoredTemplate>> {
    const out = new Map<string, StoredTemplate>();
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw e;
    }
    for (const name of names.sort()) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : null;
      if (!id || !Id.safeParse(id).success) continue;
      const file = this.file(id);
      let why: string;
      try {
        const parsed = StoredTemplate.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
        if (parsed.success && parsed.data.template.id === id) {
          out.set(id, parsed.data);
          continue;
        }
        why = parsed.success ? 'it holds another template' : describeIssues(parsed.error, 'template');
      } catch (e) {
        why = String(e);
      }
      await moveAside(file, this.log, why, { template: id });
    }
    return out;
  }
}

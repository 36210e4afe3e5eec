import path from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
});

export type Config = { port: number; host: string; dataDir: string; staticDir: string };

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`bad environment: ${first?.path.join('.')} ${first?.message}`);
  }
  return {
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    staticDir: path.resolve(import.meta.dirname, '../dist/client'),
  };
}

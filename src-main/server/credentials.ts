/** Imports the seed's credentials.txt (`username password` per line), hashing every password. */
import { readFile } from 'node:fs/promises';
import { password as passwordSchema, username as usernameSchema } from '../../src-shared/protocol/index.js';
import type { ChatStore } from '../store/chat-store.js';
import { hashPassword, type ScryptParams } from '../store/password.js';

export interface ImportResult {
  readonly imported: number;
  readonly skipped: readonly string[];
}

export async function importCredentials(
  file: string,
  store: ChatStore,
  params: ScryptParams,
  now: number,
): Promise<ImportResult> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  let imported = 0;
  const skipped: string[] = [];
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [name, secret, ...extra] = trimmed.split(/\s+/);
    const where = `line ${index + 1}`;
    if (
      extra.length > 0 ||
      !usernameSchema.safeParse(name).success ||
      !passwordSchema.safeParse(secret).success
    ) {
      skipped.push(
        `${where}: expected "username password" (username 1-32 of A-Z a-z 0-9 _ . -, password 8-256)`,
      );
      continue;
    }
    if (store.users.exists(name ?? '')) {
      skipped.push(`${where}: ${name} already exists`);
      continue;
    }
    if (store.users.create(name ?? '', await hashPassword(secret ?? '', params), now)) imported++;
  }
  return { imported, skipped };
}

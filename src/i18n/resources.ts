import { common } from './locales/common.js';
import { printers } from './locales/printers.js';
import { documents } from './locales/documents.js';
import { shortage } from './locales/shortage.js';
import { keys } from './locales/keys.js';
import { consoleWords } from './locales/console.js';
import { cliCommon } from './locales/cli-common.js';
import { cliStatus } from './locales/cli-status.js';
import { cliJobs } from './locales/cli-jobs.js';

/**
 * Every namespace of the catalogue. A part of cetak adds its own file under `locales/` (both
 * languages side by side) and one line here.
 */
export const NAMESPACES = {
  common,
  printers,
  documents,
  shortage,
  keys,
  console: consoleWords,
  'cli-common': cliCommon,
  'cli-status': cliStatus,
  'cli-jobs': cliJobs,
} as const;

export type NamespaceName = keyof typeof NAMESPACES;

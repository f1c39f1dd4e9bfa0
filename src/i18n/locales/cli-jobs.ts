import type { Namespace } from '../messages.js';

/** `cetak jobs …`, `cetak printers …`, `cetak stock rolls`, completion and the man page. */
const en = {
  placeholder: '',
} as const;

export const cliJobs: Namespace<typeof en> = {
  en,
  id: {
    placeholder: '',
  },
};

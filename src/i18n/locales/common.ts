import type { Namespace } from '../messages.js';

/** Words shared by every part of cetak. Each part keeps its own namespace next to this one. */
const en = {
  yes: 'yes',
  no: 'no',
  cards_one: '{{count, number}} card',
  cards_other: '{{count, number}} cards',
  blanks_one: '{{count, number}} blank',
  blanks_other: '{{count, number}} blanks',
  date: '{{value, date}}',
} as const;

export const common: Namespace<typeof en> = {
  en,
  id: {
    yes: 'ya',
    no: 'tidak',
    cards_other: '{{count, number}} kartu',
    blanks_other: '{{count, number}} blangko',
    date: '{{value, date}}',
  },
};

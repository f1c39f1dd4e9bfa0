import type { RequestOp } from '../../src/api/protocol.js';
import type { ScreenId } from './app-reducer.js';

/** What a `:` command line asks for. Pure, so it is tested without rendering. */
export type CommandLineResult =
  | { readonly kind: 'screen'; readonly screen: ScreenId }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  | { readonly kind: 'request'; readonly op: RequestOp; readonly params: Record<string, unknown>; readonly label: string; readonly stock: boolean }
  | { readonly kind: 'error'; readonly text: string };

export const COMMAND_LINE_USAGE = [
  'dash | queue | printers | stock | audit   switch screen',
  'receive blanks <document-no> <quantity>',
  'receive rolls <type-id> <count> <lot> [images-per-roll]',
  'borrow <type-id> <count> <lot> <due YYYY-MM-DD> <from office…>',
  'lend <roll-id,roll-id…> <due YYYY-MM-DD> <to office…>',
  'return <loan-id> [roll-id,roll-id…]',
  'sign-out',
  'quit',
] as const;

const SCREEN_WORDS: Readonly<Record<string, ScreenId>> = {
  dash: 'dashboard', dashboard: 'dashboard', queue: 'queue', jobs: 'queue', printers: 'printers', printer: 'printers', stock: 'stock', audit: 'audit',
};

const positiveInt = (s: string | undefined): number | null => (s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null);
const isDate = (s: string | undefined): boolean => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

export function parseCommandLine(text: string): CommandLineResult {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [verb = '', ...rest] = words;
  const usage = (u: string): CommandLineResult => ({ kind: 'error', text: `usage: :${u}` });
  const screen = SCREEN_WORDS[verb.toLowerCase()];
  if (screen) return { kind: 'screen', screen };
  switch (verb.toLowerCase()) {
    case '':
      return { kind: 'error', text: 'type a command; :help lists them' };
    case 'q':
    case 'quit':
      return { kind: 'quit' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'sign-out':
    case 'logout':
      return { kind: 'request', op: 'sign-out', params: {}, label: 'sign out', stock: false };
    case 'receive': {
      const [what, a, b, c, d] = rest;
      if (what === 'blanks') {
        const quantity = positiveInt(b);
        if (!a || quantity === null) return usage('receive blanks <document-no> <quantity>');
        return { kind: 'request', op: 'stock.receive-blanks', params: { documentNo: a, quantity }, label: `receive ${quantity} blanks`, stock: true };
      }
      if (what === 'rolls') {
        const count = positiveInt(b);
        const capacity = d === undefined ? undefined : positiveInt(d);
        if (!a || count === null || !c || capacity === null) return usage('receive rolls <type-id> <count> <lot> [images-per-roll]');
        const params: Record<string, unknown> = { typeId: a, count, lot: c };
        if (capacity !== undefined) params['capacityImages'] = capacity;
        return { kind: 'request', op: 'stock.receive-rolls', params, label: `receive ${count} ${a}`, stock: true };
      }
      return usage('receive blanks … | receive rolls …');
    }
    case 'borrow': {
      const [typeId, countText, lot, due, ...office] = rest;
      const count = positiveInt(countText);
      if (!typeId || count === null || !lot || !isDate(due) || office.length === 0) return usage('borrow <type-id> <count> <lot> <due YYYY-MM-DD> <from office…>');
      return { kind: 'request', op: 'stock.borrow', params: { typeId, count, lot, dueDate: due, counterparty: office.join(' ') }, label: `borrow ${count} ${typeId}`, stock: true };
    }
    case 'lend': {
      const [ids, due, ...office] = rest;
      const rollIds = (ids ?? '').split(',').filter(Boolean);
      if (rollIds.length === 0 || !isDate(due) || office.length === 0) return usage('lend <roll-id,roll-id…> <due YYYY-MM-DD> <to office…>');
      return { kind: 'request', op: 'stock.lend', params: { rollIds, dueDate: due, counterparty: office.join(' ') }, label: `lend ${rollIds.length} roll(s)`, stock: true };
    }
    case 'return': {
      const [loanId, ids] = rest;
      if (!loanId) return usage('return <loan-id> [roll-id,roll-id…]');
      const params: Record<string, unknown> = { loanId };
      if (ids) params['rollIds'] = ids.split(',').filter(Boolean);
      return { kind: 'request', op: 'stock.return', params, label: `return loan ${loanId}`, stock: true };
    }
    default:
      return { kind: 'error', text: `unknown command "${verb}"; :help lists them` };
  }
}

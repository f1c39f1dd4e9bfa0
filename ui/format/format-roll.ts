import type { StockRolls } from '../../src/api/protocol.js';
import type { PickOption } from '../hooks/app-reducer.js';
import { formatNumber } from './format-number.js';

export type RollRow = StockRolls['rows'][number];

/** "roll_754a…  datacard-film  lot D2309-02  750/750  borrowed (loan L-5)": a roll as a pick-list row. */
export function rollLabel(roll: RollRow): string {
  const owner = roll.ownership === 'borrowed' ? `  borrowed${roll.loanId ? ` (loan ${roll.loanId})` : ''}` : '';
  const where = roll.printerId ? `  on ${roll.printerId}` : '';
  return `${roll.id}  ${roll.typeId}  lot ${roll.lot}  ${formatNumber(roll.remaining)}/${formatNumber(roll.capacity)}  ${roll.state}${where}${owner}`;
}

export function rollOptions(rows: readonly RollRow[], keep: (roll: RollRow) => boolean): PickOption[] {
  return rows.filter(keep).map((r) => ({ id: r.id, label: rollLabel(r) }));
}

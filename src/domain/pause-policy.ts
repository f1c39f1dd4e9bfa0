/**
 * When a printer stops getting cards until a person has looked at it. The dispatcher applies this
 * after every card; nothing else pauses a printer by itself.
 */

/** Failed cards in a row after which a printer is paused for a person to look at it. */
export const MAX_FAILURES_IN_A_ROW = 2;

export interface CardEnd {
  readonly outcome: 'printed' | 'spoiled' | 'not-consumed' | 'unknown';
  /** False when the outcome could not be written to the database after every retry. */
  readonly recorded: boolean;
  readonly reasons: readonly string[];
  readonly detail?: string | undefined;
}

export interface AfterCard {
  readonly failuresInARow: number;
  /** Why the printer pauses now, in words for the screen, or null when it goes on. */
  readonly pause: string | null;
}

export function afterCard(failuresInARow: number, card: CardEnd): AfterCard {
  const failures = card.outcome === 'printed' ? 0 : failuresInARow + 1;
  // What the printer said must reach the person who resolves that card before the next one starts.
  if (!card.recorded) return { failuresInARow: failures, pause: `the station could not record that the last card ended ${card.outcome}: check the card, then resume` };
  // A card in doubt is in or near the printer: the next card could be mistaken for it.
  if (card.outcome === 'unknown') return { failuresInARow: failures, pause: 'card in doubt on this printer: check it, resolve the card, then resume' };
  // Two failures in a row mean the printer, not the card, is the problem.
  if (failures >= MAX_FAILURES_IN_A_ROW) {
    return { failuresInARow: failures, pause: `${failures} cards failed in a row (${card.detail ?? card.reasons.join(', ')}): check the printer, then resume` };
  }
  return { failuresInARow: failures, pause: null };
}

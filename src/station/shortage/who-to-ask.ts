import { formatCount } from '../../domain/forecast.js';
import type { StationContext } from '../context.js';
import { directoryListing, whoToAsk, type DirectoryListing } from './directory.js';

/** "ask Disdukcapil Kab. Kupang (lent 5 before, 0380-821234), Dinas X": at most two names. */
export function askSentence(listing: readonly DirectoryListing[], what: string): string | null {
  const who = whoToAsk(listing, what).slice(0, 2);
  if (who.length === 0) return null;
  const unit = what === 'blanks' ? 'blanks' : 'roll(s)';
  const names = who.map((e) => {
    const lent = e.lentToUs.find((t) => t.what === what)?.units ?? 0;
    const parts = [lent > 0 ? `lent ${formatCount(lent)} ${unit} before` : null, e.contact].filter((p): p is string => p !== null);
    return parts.length > 0 ? `${e.name} (${parts.join(', ')})` : e.name;
  });
  return `ask ${names.join(', ')}`;
}

/** The `askFor` of forecastAlerts, from the directory as it is now. */
export async function askForFromDirectory(ctx: StationContext, today: string): Promise<(itemId: string) => string | null> {
  const listing = await directoryListing(ctx, today);
  return (itemId) => askSentence(listing, itemId);
}

import { formatDate, formatDateTime, t } from '../../i18n/i18n.js';
import type { OfficeIdentity } from '../config/office-config.js';

/** `3 Desember 2026` for an office-local date (yyyy-mm-dd), with no time zone left to chance. */
export function officeDate(localDate: string, office: Pick<OfficeIdentity, 'timeZone'>): string {
  // Noon UTC of that date is 19:00 to 21:00 of the same date in every Indonesian zone.
  return formatDate(new Date(`${localDate}T12:00:00.000Z`), office.timeZone);
}

/** `3 Desember 2026 14.05 WITA`: an instant in the office's own zone, named. */
export function officeDateTime(isoUtc: string, office: Pick<OfficeIdentity, 'timeZone'>): string {
  return `${formatDateTime(new Date(isoUtc), office.timeZone)} ${zoneName(office)}`;
}

/** WIB, WITA or WIT. */
export function zoneName(office: Pick<OfficeIdentity, 'timeZone'>): string {
  return t(`documents:zone.${office.timeZone}`);
}

/** `Kupang, 3 Desember 2026`: the place and date a document is signed, in office time. */
export function placeAndDate(office: Pick<OfficeIdentity, 'place' | 'timeZone'>, isoUtc: string): string {
  return t('documents:placeDate', { place: office.place, date: formatDate(new Date(isoUtc), office.timeZone) });
}

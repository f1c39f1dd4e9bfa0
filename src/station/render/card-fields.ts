/**
 * Record values as they are printed on the card: upper case, dates dd-mm-yyyy, sex in words
 * (domain.md, "What is printed on the card").
 */
import type { CardRecord } from '../../domain/record.js';
import { StationError } from '../station-error.js';
import type { CardTextField } from './card-layout.js';

/** Words for a field in hold reasons and errors ("name too long for layout"). */
export const CARD_FIELD_WORDS: Readonly<Record<CardTextField, string>> = {
  nik: 'NIK',
  province: 'province',
  regency: 'regency',
  name: 'name',
  birthPlaceDate: 'place and date of birth',
  sex: 'sex',
  bloodType: 'blood type',
  address: 'address',
  rtRw: 'RT/RW',
  village: 'village',
  district: 'district',
  religion: 'religion',
  maritalStatus: 'marital status',
  occupation: 'occupation',
  nationality: 'nationality',
  validUntil: 'valid-until date',
  issuePlace: 'place of issue',
  issueDate: 'date of issue',
};

const LIFETIME = 'SEUMUR HIDUP';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A record value the card cannot show (malformed date, character the font lacks). No values in it. */
export class CardDataError extends StationError {
  readonly field: CardTextField;
  constructor(field: CardTextField, problem: string) {
    super('card-data', `The record's ${CARD_FIELD_WORDS[field]} (field "${field}") ${problem}; correct the record.`, { field });
    this.name = 'CardDataError';
    this.field = field;
  }
}

/** "1990-01-05" → "05-01-1990". Throws `CardDataError` for anything else. */
export function formatCardDate(isoDate: string, field: CardTextField): string {
  const match = ISO_DATE.exec(isoDate);
  if (match === null) throw new CardDataError(field, 'is not a yyyy-mm-dd date');
  return `${match[3]}-${match[2]}-${match[1]}`;
}

/** The text of one field as printed, before the element's prefix and case rule. */
export function cardFieldText(record: CardRecord, field: CardTextField): string {
  switch (field) {
    case 'birthPlaceDate':
      return `${record.birthPlace.trim()}, ${formatCardDate(record.birthDate, 'birthPlaceDate')}`;
    case 'sex':
      return record.sex === 'male' ? 'LAKI-LAKI' : 'PEREMPUAN';
    case 'validUntil':
      return record.validUntil.trim().toUpperCase() === LIFETIME ? LIFETIME : formatCardDate(record.validUntil, 'validUntil');
    case 'issueDate':
      return formatCardDate(record.issueDate, 'issueDate');
    default:
      return record[field];
  }
}

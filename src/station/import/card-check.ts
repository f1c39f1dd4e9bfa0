/**
 * What import checks of a parsed record beyond its own fields: dates that agree with each other and
 * with today, and that every value fits the office's card layout. The fit is the renderer's own
 * `measureFit`, so a record import accepts is a record the printer can print (no hold at dispatch).
 */
import type { CardRecord } from '../../domain/record.js';
import { CardDataError, measureFit, type CardLayout, type CardTextField, type TextElement } from '../render/index.js';
import type { FileProblem } from './read-rows.js';
import type { RecordRow } from './record-row.js';

/** The import column each card field comes from (the one a person fixes). */
const COLUMN_OF_FIELD: Readonly<Record<CardTextField, string>> = {
  nik: 'nik', province: 'province', regency: 'regency', name: 'name', birthPlaceDate: 'birth_place', sex: 'sex',
  bloodType: 'blood_type', address: 'address', rtRw: 'rt_rw', village: 'village', district: 'district', religion: 'religion',
  maritalStatus: 'marital_status', occupation: 'occupation', nationality: 'nationality', validUntil: 'valid_until',
  issuePlace: 'issue_place', issueDate: 'issue_date',
};

export function toCardRecord(r: RecordRow): CardRecord {
  return {
    nik: r.nik, province: r.province, regency: r.regency, name: r.name, birthPlace: r.birth_place, birthDate: r.birth_date,
    sex: r.sex, bloodType: r.blood_type, address: r.address, rtRw: r.rt_rw, village: r.village, district: r.district,
    religion: r.religion, maritalStatus: r.marital_status, occupation: r.occupation, nationality: r.nationality,
    validUntil: r.valid_until, issuePlace: r.issue_place, issueDate: r.issue_date, priority: r.priority,
  };
}

/** Issue date not after today; valid-until not before the issue date; birth not after issue. */
export function checkDates(row: number, r: RecordRow, today: string): FileProblem[] {
  const problems: FileProblem[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ row, field, code, message });
  if (r.issue_date > today) add('issue_date', 'row-issue-date-future', `issue_date is after today (${today}); a card is issued on or before the day it is printed`);
  if (r.valid_until !== 'SEUMUR HIDUP' && r.valid_until < r.issue_date) add('valid_until', 'row-valid-before-issue', 'valid_until is before issue_date; a card cannot expire before it is issued');
  if (r.birth_date > r.issue_date) add('birth_date', 'row-born-after-issue', 'birth_date is after issue_date');
  return problems;
}

function boxWords(element: TextElement): string {
  const lines = `${element.maxLines} line${element.maxLines > 1 ? 's' : ''}`;
  return `${lines} of ${element.width} dots at ${element.minFontSizeDots ?? element.fontSizeDots}-dot type`;
}

/** Every field that the layout cannot print, as import problems naming the column and the box's limit. */
export function checkCardFit(row: number, record: CardRecord, layout: CardLayout): FileProblem[] {
  const report = measureFit(record, layout);
  if (report.ok) return [];
  const problems: FileProblem[] = [];
  for (const p of report.problems) {
    if (p instanceof CardDataError) {
      const column = COLUMN_OF_FIELD[p.field];
      problems.push({ row, field: column, code: 'row-card-unprintable', message: `${column} has a character the card font cannot print (emoji, CJK or a symbol); write it in Latin letters` });
      continue;
    }
    const element = layout.elements.find((e): e is TextElement => e.type === 'text' && e.id === p.elementId);
    if (p.field === undefined || element === undefined) {
      problems.push({ row, field: null, code: 'row-card-layout', message: `the card layout's label "${p.elementId}" does not fit its box; fix the layout file` });
      continue;
    }
    const column = COLUMN_OF_FIELD[p.field];
    problems.push({ row, field: column, code: 'row-card-too-long', message: `${column} is too long for the card: the box holds ${boxWords(element)}; shorten or abbreviate it` });
  }
  return problems;
}

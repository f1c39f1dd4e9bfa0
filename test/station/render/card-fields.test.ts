import { describe, expect, it } from 'vitest';
import { CardDataError, cardFieldText, formatCardDate } from '../../../src/station/render/card-fields.js';
import { makeCardRecord } from '../../fixtures/card-fixtures.js';

describe('cardFieldText', () => {
  it('prints dates dd-mm-yyyy and sex in words', () => {
    const record = makeCardRecord({ birthPlace: 'Kupang ', birthDate: '1990-01-05', issueDate: '2026-11-27' });
    expect(cardFieldText(record, 'birthPlaceDate')).toBe('Kupang, 05-01-1990');
    expect(cardFieldText(record, 'issueDate')).toBe('27-11-2026');
    expect(cardFieldText(makeCardRecord({ sex: 'male' }), 'sex')).toBe('LAKI-LAKI');
    expect(cardFieldText(makeCardRecord({ sex: 'female' }), 'sex')).toBe('PEREMPUAN');
  });

  it('prints SEUMUR HIDUP or a date for valid-until', () => {
    expect(cardFieldText(makeCardRecord({ validUntil: 'seumur hidup' }), 'validUntil')).toBe('SEUMUR HIDUP');
    expect(cardFieldText(makeCardRecord({ validUntil: '2031-06-30' }), 'validUntil')).toBe('30-06-2031');
  });

  it('rejects a malformed date naming the field, not the value', () => {
    expect(() => formatCardDate('30/06/2031', 'validUntil')).toThrow(CardDataError);
    expect(() => formatCardDate('30/06/2031', 'validUntil')).toThrow(
      `The record's valid-until date (field "validUntil") is not a yyyy-mm-dd date; correct the record.`,
    );
  });
});

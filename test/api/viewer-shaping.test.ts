import { describe, expect, it } from 'vitest';
import type { JobDetail } from '../../src/api/protocol.js';
import type { Viewer } from '../../src/api/station-backend.js';
import type { JobRow, PrinterView } from '../../src/api/views.js';
import { shapeError, shapeJobDetail, shapeJobFilter, shapeJobRow, shapePrinterView, shapeResult, shapeText } from '../../src/api/viewer-shaping.js';

const technician: Viewer = { role: 'technician', operator: { id: 'tech', name: 'TEKNISI', role: 'technician' } };
const operator: Viewer = { role: 'operator', operator: null };
const NIK = '5371014506900003';
const row: JobRow = { id: 'job_1', nik: NIK, name: 'MARIA GORETI LAKA', priority: 'first-card', state: 'held', reason: `duplicate of ${NIK}`, queuedAt: '2026-11-02T01:00:00.000Z', printerId: null };

describe('viewer shaping', () => {
  it('masks NIK and name for technicians and leaves them whole for operators', () => {
    expect(shapeJobRow(technician, row)).toMatchObject({ nik: '5371**********0003', name: 'M. G. L.', reason: 'duplicate of 5371**********0003' });
    expect(shapeJobRow(operator, row)).toBe(row);
  });

  it('masks a NIK inside free text but not a 16-digit run inside an id', () => {
    expect(shapeText(technician, `P1 printed ${NIK}.`)).toBe('P1 printed 5371**********0003.');
    expect(shapeText(technician, 'job_a123456789012345678b')).toBe('job_a123456789012345678b');
    // 17 digits may be a NIK with a stray digit: hidden like one.
    expect(shapeText(technician, '12345678901234567')).toBe('1234**********4567');
  });

  it('masks the holder name in the reasons of their own job, and a NIK however it is written', () => {
    const typed = { ...row, reason: 'ibu Maria goreti laka minta ulang, NIK5371 0145 0690 0003' };
    expect(shapeJobRow(technician, typed).reason).toBe('ibu M. G. L. minta ulang, NIK5371**********0003');
    expect(shapeJobRow(technician, { ...row, reason: 'kata LAKA: foto buram' }).reason).toBe('kata L.: foto buram');
    const printer = { current: { jobId: 'job_1', nik: NIK, name: 'MARIA GORETI' }, reasons: ['GORETI card jammed'], lastOutcome: { outcome: 'spoiled', at: 'x', detail: 'maria: bent' }, discrepancy: null } as unknown as PrinterView;
    const shaped = shapePrinterView(technician, printer);
    expect(shaped.reasons).toEqual(['G. card jammed']);
    expect(shaped.lastOutcome?.detail).toBe('M.: bent');
  });

  it("masks the holder's name in audit details about their job only", () => {
    const page = {
      rows: [
        { seq: 2, at: 't', actor: 'op1', action: 'job.cancel', entityKind: 'job', entityId: 'job_1', details: '{"reason":"Maria Goreti moved"}' },
        { seq: 1, at: 't', actor: 'op1', action: 'printer.pause', entityKind: 'printer', entityId: 'P1', details: '{"note":"Maria"}' },
      ],
      holderNames: new Map([['job_1', 'MARIA GORETI LAKA']]),
    };
    const shaped = shapeResult('audit.page', technician, page) as { rows: { details: string }[] };
    expect(shaped.rows.map((r) => r.details)).toEqual(['{"reason":"M. G. moved"}', '{"note":"Maria"}']);
    expect(Object.keys(shaped)).toEqual(['rows']);
    expect(Object.keys(shapeResult('audit.page', operator, page) as object)).toEqual(['rows']);
  });

  it('hides every personal field of a job detail from technicians', () => {
    const detail: JobDetail = {
      job: row,
      record: { birthPlace: 'KUPANG', birthDate: '1990-06-05', sex: 'female', address: 'JL. EL TARI II NO. 4', rtRw: '004/002', village: 'OEBOBO', district: 'OEBOBO', sourceFile: 'batch.csv', sourceRow: 3, importedAt: '2026-11-02T01:00:00.000Z' },
      attempts: [],
    };
    const shaped = shapeJobDetail(technician, detail);
    expect(shaped.record).toEqual({ birthPlace: '***', birthDate: '***', sex: '***', address: '***', rtRw: '***', village: '***', district: '***', sourceFile: 'batch.csv', sourceRow: 3, importedAt: '2026-11-02T01:00:00.000Z' });
    expect(JSON.stringify(shaped)).not.toContain('MARIA');
  });

  it("shapes the printer's current card", () => {
    const printer = { current: { jobId: 'job_1', nik: NIK, name: 'MARIA GORETI' }, reasons: [], lastOutcome: null, discrepancy: null } as unknown as PrinterView;
    expect(shapePrinterView(technician, printer).current).toEqual({ jobId: 'job_1', nik: '5371**********0003', name: 'M. G.' });
  });

  it('lets technicians filter by up to four region digits only', () => {
    expect(shapeJobFilter(technician, { text: ' 5371 ' })).toEqual({ text: '5371' });
    expect(shapeJobFilter(technician, { text: '', states: ['queued'] })).toEqual({ states: ['queued'] });
    for (const text of ['53710', 'maria', '53 71', NIK]) expect(() => shapeJobFilter(technician, { text })).toThrow(expect.objectContaining({ code: 'not-permitted' }));
    expect(shapeJobFilter(operator, { text: 'maria' })).toEqual({ text: 'maria' });
  });

  it('refuses a preview to a technician and masks NIKs in error answers', () => {
    expect(() => shapeResult('job.preview', technician, { width: 1, height: 1, rgb: 'AAAA' })).toThrow(expect.objectContaining({ code: 'not-permitted' }));
    expect(shapeError(technician, { code: 'x', message: `NIK ${NIK} held`, params: { nik: NIK, row: 3 } })).toEqual({ code: 'x', message: 'NIK 5371**********0003 held', params: { nik: '5371**********0003', row: 3 } });
  });
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failQualityCheck } from '../../../src/station/jobs/attempts.js';
import { loanAlert } from '../../../src/station/forecast/forecast-alerts.js';
import { ForecastSettings } from '../../../src/station/forecast/forecast-settings.js';
import { loanPosition } from '../../../src/station/forecast/loan-position.js';
import { gatherMonthlyReport, monthPeriod, type MonthlyReport } from '../../../src/station/reports/monthly-report.js';
import { monthlyReportMarkdown } from '../../../src/station/reports/monthly-report-markdown.js';
import { monthlyReportSections } from '../../../src/station/reports/monthly-report-sections.js';
import { writeMonthlyReport } from '../../../src/station/reports/write-monthly-report.js';
import {
  adjustBlanks, borrowRolls, defineConsumableType, lendRolls, loadRoll, receiveBlanks, receiveRolls, recordDestruction, unloadRoll,
} from '../../../src/station/stock/stock-service.js';
import { addPrinter, createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { printCards, queueJobs } from '../forecast/print-history.js';
import { pdfTexts } from './pdf-text.js';
import { renderPdf } from './pdf-render.js';
import { kupangOffice } from '../../fixtures/office-fixture.js';
import { monthlyChartData } from '../../../src/station/reports/monthly-report-charts.js';
import { setLanguage } from '../../../src/i18n/i18n.js';

// Official documents are read in Bahasa Indonesia, the office's language (the harness speaks English).
setLanguage('id');

const settings = ForecastSettings.parse({});
let fx: StationFixture;
let out: string;
let rollA: string;
let rollB: string;

/**
 * October: 1,000 blanks in, 5 cards. November: 500 in, 40 cards of which 2 spoiled at the printer and
 * 1 failed quality control, 2 written off after a count, film borrowed and ribbon lent, one film roll
 * used up and one destroyed. December starts at local midnight (16:00 UTC on 30 November): 3 cards.
 */
beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-10-30T01:00:00.000Z' });
  out = await mkdtemp(join(tmpdir(), 'cetak-report-'));
  const { station, operator, supervisor, clock } = fx;
  await addPrinter(station, 'p1', 'datacard');
  await receiveBlanks(station, operator, { documentNo: 'BA-OKT', quantity: 1000 });
  const film = await defineConsumableType(station, operator, { family: 'datacard', kind: 'film', nominalImages: 100 });
  const ribbon = await defineConsumableType(station, operator, { family: 'datacard', kind: 'ribbon', nominalImages: 1000 });
  [rollA, rollB] = (await receiveRolls(station, operator, { typeId: film, count: 2, lot: 'F1' })) as [string, string];
  const ribbons = await receiveRolls(station, operator, { typeId: ribbon, count: 2, lot: 'R1' });
  await loadRoll(station, operator, { rollId: rollA, printerId: 'p1' });
  await loadRoll(station, operator, { rollId: ribbons[0]!, printerId: 'p1' });
  await queueJobs(station, 60);
  await printCards(station, clock, { printerId: 'p1', count: 5 });

  clock.set('2026-11-02T01:00:00.000Z');
  await receiveBlanks(station, operator, { documentNo: 'BA-NOV', quantity: 500 });
  clock.set('2026-11-03T01:00:00.000Z');
  await printCards(station, clock, { printerId: 'p1', count: 30, outcome: (i) => (i === 4 || i === 17 ? 'spoiled' : 'printed') });
  clock.set('2026-11-04T01:00:00.000Z');
  await failQualityCheck(station, operator.id, { jobId: 'job_00006', reason: 'photo smeared' });
  clock.set('2026-11-05T01:00:00.000Z');
  await adjustBlanks(station, supervisor, { delta: -2, reason: 'count: 2 missing' });
  clock.set('2026-11-06T01:00:00.000Z');
  const { rollIds: borrowed } = await borrowRolls(station, operator, { counterparty: 'Disdukcapil TTS', typeId: film, count: 2, lot: 'PINJAM', dueDate: '2026-11-20' });
  await lendRolls(station, operator, { counterparty: 'Disdukcapil Alor', rollIds: [ribbons[1]!], dueDate: '2026-12-15' });
  clock.set('2026-11-10T01:00:00.000Z');
  await unloadRoll(station, operator, { rollId: rollA, finished: true });
  await loadRoll(station, operator, { rollId: rollB, printerId: 'p1' });
  clock.set('2026-11-12T01:00:00.000Z');
  await printCards(station, clock, { printerId: 'p1', count: 10 });
  await unloadRoll(station, operator, { rollId: rollB, finished: true });
  await recordDestruction(station, supervisor, { rollIds: [rollB], method: 'burned', witness: 'Kepala Seksi Pelayanan', date: '2026-11-12' });
  await loadRoll(station, operator, { rollId: borrowed[0]!, printerId: 'p1' });

  clock.set('2026-11-30T16:30:00.000Z'); // 1 December, 00:30 in Kupang
  await printCards(station, clock, { printerId: 'p1', count: 3 });
  clock.set('2026-12-02T02:00:00.000Z');
});
afterAll(async () => {
  await fx.cleanup();
  await rm(out, { recursive: true, force: true });
});

let report: MonthlyReport;

describe('the monthly report', () => {
  it('cuts the month at office-local midnight', () => {
    expect(monthPeriod('2026-11', 480)).toEqual({ month: '2026-11', firstDay: '2026-11-01', lastDay: '2026-11-30', startUtc: '2026-10-31T16:00:00.000Z', endUtc: '2026-11-30T16:00:00.000Z' });
    expect(monthPeriod('2026-12', 480).lastDay).toBe('2026-12-31');
    expect(() => monthPeriod('2026-13', 480)).toThrow(/not a month/);
  });

  it('balances blank stock: opening + received - printed - spoiled - written off = closing', async () => {
    report = await gatherMonthlyReport(fx.station, { month: '2026-11', settings });
    expect(report.blanks).toEqual({ opening: 995, received: 500, printed: 37, spoiled: 3, writtenOff: 2, loansIn: 0, loansOut: 0, closing: 1453 });
    expect(report.periodComplete).toBe(true);
  });

  it('lists every damaged card with its cause and a masked NIK only', () => {
    expect(report.damaged).toEqual([
      { no: 1, date: '2026-11-03', maskedNik: '5371**********0010', printer: 'P1', cause: 'laminate peeled', category: 'other', chipUid: null },
      { no: 2, date: '2026-11-03', maskedNik: '5371**********0023', printer: 'P1', cause: 'laminate peeled', category: 'other', chipUid: null },
      { no: 3, date: '2026-11-04', maskedNik: '5371**********0006', printer: 'P1', cause: 'photo smeared', category: 'other', chipUid: null },
    ]);
    expect(report.spoiledByCategory).toEqual({ 'gagal encode': 0, rusak: 0, 'gagal cetak': 0, 'perubahan elemen data': 0, test: 0, other: 3 });
    expect(monthlyReportMarkdown(report, { office: kupangOffice(), number: '470/1/LB/Dukcapil/XII/2026', issuedAt: '2026-12-02T02:00:00.000Z' })).not.toMatch(/\d{16}/);
  });

  it('shows consumables used and on hand at the month end, ours and borrowed', () => {
    expect(report.consumables).toEqual([
      { typeId: 'datacard-film', family: 'datacard', kind: 'film', imagesReceived: 200, imagesUsed: 40, imagesWrittenOff: 0, imagesOnHand: 200, ownImagesOnHand: 0, borrowedImagesOnHand: 200, rollsOnHand: 2 },
      { typeId: 'datacard-ribbon', family: 'datacard', kind: 'ribbon', imagesReceived: 0, imagesUsed: 40, imagesWrittenOff: 0, imagesOnHand: 955, ownImagesOnHand: 955, borrowedImagesOnHand: 0, rollsOnHand: 1 },
    ]);
  });

  it('shows loans, destroyed rolls, rolls in custody and the audit head at the month end', async () => {
    expect(report.loans.map((l) => [l.direction, l.counterparty, l.typeId, l.open, l.dueDate, l.overdue])).toEqual([
      ['borrowed', 'Disdukcapil TTS', 'datacard-film', 2, '2026-11-20', true],
      ['lent', 'Disdukcapil Alor', 'datacard-ribbon', 1, '2026-12-15', false],
    ]);
    expect(report.destroyed).toEqual([
      { rollId: rollB, typeId: 'datacard-film', lot: 'F1', method: 'burned', destroyedBy: 'SUPERVISOR (sup)', witness: 'Kepala Seksi Pelayanan', date: '2026-11-12', cardsPrinted: 10 },
    ]);
    expect(report.awaitingDestruction).toEqual([{ rollId: rollA, typeId: 'datacard-film', lot: 'F1', since: '2026-11-10', cardsPrinted: 35 }]);
    const last = await fx.station.db.selectFrom('audit_log').select(['seq', 'hash']).where('at', '<', '2026-11-30T16:00:00.000Z').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const head = await fx.station.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    expect(report.auditHead).toEqual(last);
    expect(head.seq).toBeGreaterThan(last.seq);
  });

  it('says what is ours and what we owe, per type, and words the overdue loan', async () => {
    const position = await loanPosition(fx.station, '2026-12-02');
    expect(position.types.map((t) => [t.typeId, t.ownImagesOnHand, t.borrowedImagesOnHand, t.rollsWeOwe, t.rollsOwedToUs])).toEqual([
      ['datacard-film', 0, 197, 2, 0],
      ['datacard-ribbon', 952, 0, 0, 1],
    ]);
    const [borrowed, lent] = position.loans;
    expect(loanAlert(borrowed!).message).toBe('we owe Disdukcapil TTS 2 datacard-film roll(s), due 2026-11-20: return them or agree a new date');
    expect(loanAlert(lent!).message).toBe('Disdukcapil Alor owes us 1 datacard-ribbon roll(s), due 2026-12-15: ask for them back');
    expect([borrowed!.overdue, lent!.overdue]).toEqual([true, false]);
  });

  it('writes Markdown, CSV and a PDF that carries the same figures as the Markdown', async () => {
    const { files, number } = await writeMonthlyReport(fx.station, { month: '2026-11', outDir: out, settings, office: kupangOffice() });
    expect(number).toBe('470/1/LB/Dukcapil/XII/2026');
    expect((await readdir(out)).sort()).toEqual([
      'report-2026-11-blank-stock.csv',
      'report-2026-11-consumables.csv',
      'report-2026-11-damaged-cards.csv',
      'report-2026-11-destroyed-rolls.csv',
      'report-2026-11-disposals.csv',
      'report-2026-11-loans.csv',
      'report-2026-11-rolls-awaiting-destruction.csv',
      'report-2026-11-spoiled-by-category.csv',
      'report-2026-11.md',
      'report-2026-11.pdf',
    ]);
    expect(files).toHaveLength(10);
    const markdown = await readFile(join(out, 'report-2026-11.md'), 'utf8');
    expect(markdown).toContain('| 995 | 500 | 37 | 3 | 2 | 1.453 |');
    expect(markdown).not.toMatch(/station|ws-test/i);
    expect(await readFile(join(out, 'report-2026-11-blank-stock.csv'), 'utf8')).toBe('month,opening,received,printed,spoiled,written_off,closing\n2026-11,995,500,37,3,2,1453\n');
    expect(await readFile(join(out, 'report-2026-11-damaged-cards.csv'), 'utf8')).toContain('3,2026-11-04,5371**********0006,,P1,other,photo smeared,');
    expect(await readFile(join(out, 'report-2026-11-spoiled-by-category.csv'), 'utf8')).toBe('category,count\ngagal encode,0\nrusak,0\ngagal cetak,0\nperubahan elemen data,0\ntest,0\nother,3\n');

    const pdf = await readFile(join(out, 'report-2026-11.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const tail = pdf.subarray(-1024).toString('latin1');
    expect(tail).toMatch(/trailer/);
    expect(tail).toMatch(/startxref\s+\d+\s+%%EOF\s*$/);
    expect(pdf.toString('latin1')).toMatch(/\nxref\n0 \d+\n/);
    const texts = new Set(pdfTexts(pdf));
    // Every cell the Markdown shows is a text run in the PDF: the same figures, not just similar ones.
    const sections = monthlyReportSections(report);
    for (const section of sections) {
      expect(texts).toContain(section.title);
      for (const row of section.rows) for (const cell of row) if (cell) expect(texts, `${section.title}: ${cell}`).toContain(cell);
      for (const row of section.rows) for (const cell of row) if (cell) expect(markdown).toContain(cell);
    }
    expect(texts).toContain('1.453');
    expect(texts).toContain(report.auditHead!.hash);
    // The letterhead, title, number, place and date in office time, and both signatures with NIP.
    for (const line of [
      'PEMERINTAH KOTA KUPANG',
      'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
      'LAPORAN BULANAN BLANGKO KTP-EL',
      'BULAN NOVEMBER 2026',
      'Periode 1 November 2026 s.d. 30 November 2026 (WITA).',
      'Nomor: 470/1/LB/Dukcapil/XII/2026',
      'Kupang, 2 Desember 2026',
      'Mengetahui,',
      'Yang membuat,',
      'Drs. YOHANES KEPALA, M.Si',
      'NIP 19700101 199503 1 001',
      'MARIA PENGELOLA, S.Kom',
      'NIP 19850101 201001 2 002',
      'Kartu tercetak per hari',
    ]) expect(texts, line).toContain(line);
    expect([...texts].join(' ')).not.toMatch(/station|ws-test|UTC/i);

    // Poppler reads it, and every page is printed on.
    const pages = await renderPdf(pdf, process.env['CETAK_KEEP_PNG'] ? { keepDir: process.env['CETAK_KEEP_PNG'], name: 'laporan-bulanan', dpi: 70 } : {});
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) {
      expect(page.width).toBeGreaterThan(page.height);
      expect(page.ink).toBeGreaterThan(0.003);
    }

    // Written again, the month keeps its number.
    expect((await writeMonthlyReport(fx.station, { month: '2026-11', outDir: out, settings, office: kupangOffice() })).number).toBe('470/1/LB/Dukcapil/XII/2026');
  });

  it('charts the cards printed per day and each consumable level, ending where the table ends', async () => {
    const data = await monthlyChartData(fx.station, report, settings);
    expect(data.days).toHaveLength(30);
    expect(data.printedPerDay.reduce((a, n) => a + n, 0)).toBe(38);
    expect(data.printedPerDay[2]).toBe(28);
    expect(data.printedPerDay[11]).toBe(10);
    for (const c of data.consumables) {
      expect(c.levels[c.levels.length - 1], c.typeId).toBe(report.consumables.find((x) => x.typeId === c.typeId)!.imagesOnHand);
    }
    const film = data.consumables.find((c) => c.typeId === 'datacard-film')!;
    expect(film.levels[0]).toBe(195); // roll A (95 left after October) and roll B on the shelf
    // 40 film images over the 20 working days to 30 November: 2 a day, so 200 last 100 working days.
    expect(film.perWorkingDay).toBe(2);
    expect(film.runOutDate).toBe('2027-04-19');
    expect(film.projection.slice(0, 7)).toEqual([198, 196, 194, 192, 192, 192, 190]); // Tuesday 1 December on; the weekend holds
    expect(film.projection).toHaveLength(31);
  });

  it('refuses a month whose blanks do not balance after one movement was tampered with, saying by how much', async () => {
    const move = await fx.station.db
      .selectFrom('movements')
      .select('id')
      .where('item', '=', 'blank')
      .where('from_bucket', '=', 'printing')
      .where('to_bucket', '=', 'printed')
      .where('at', '>=', '2026-11-03T00:00:00.000Z')
      .orderBy('audit_seq')
      .executeTakeFirstOrThrow();
    await fx.station.db.updateTable('movements').set({ quantity: 3 }).where('id', '=', move.id).execute();
    const refused = join(out, 'refused');
    await expect(writeMonthlyReport(fx.station, { month: '2026-11', outDir: refused, settings, office: kupangOffice() })).rejects.toMatchObject({
      code: 'report-unbalanced',
      message:
        'Persediaan blangko bulan 2026-11 tidak seimbang: stok awal 995 + diterima 500 - tercetak 39 - rusak 3 - dihapuskan 2 = 1.451, tetapi saldo persediaan menunjukkan 1.453 pada akhir bulan (selisih 2 blangko). Jalankan `cetak audit verify` dan perbaiki buku persediaan sebelum melapor.',
      params: { month: '2026-11', closing: 1451, ledger: 1453, difference: -2 },
    });
    await expect(readdir(refused)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a month that has not begun', async () => {
    await expect(gatherMonthlyReport(fx.station, { month: '2027-01', settings })).rejects.toMatchObject({ code: 'report-future-month' });
  });
});

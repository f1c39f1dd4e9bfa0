import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suketDocument, suketPdf } from '../../../src/station/shortage/suket-pdf.js';
import { SuketSettings } from '../../../src/station/shortage/suket-settings.js';
import { cardsOwed, issueSukets, suketStandings } from '../../../src/station/shortage/sukets.js';
import { createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { queueJobs } from '../forecast/print-history.js';
import { pdfTexts } from '../reports/pdf-text.js';
import { setLanguage } from '../../../src/i18n/i18n.js';

// Official documents are read in Bahasa Indonesia, the office's language (the harness speaks English).
setLanguage('id');

const run = promisify(execFile);
const settings = SuketSettings.parse({
  address: 'Jl. Jenderal Soeharto No. 1, Kupang',
  official: { name: 'Drs. YOHANES NDOLU, M.Si', nip: '197001011995031002', title: 'KEPALA DINAS' },
});
let fx: StationFixture;

beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-11-05T01:00:00.000Z' });
  await queueJobs(fx.station, 3);
});
afterAll(async () => {
  await fx.cleanup();
});

describe('the suket', () => {
  it('is issued against a waiting job, numbered, valid six months, and refused twice or to a technician', async () => {
    const [suket] = await issueSukets(fx.station, fx.operator, { jobIds: ['job_00001'], settings });
    expect(suket).toMatchObject({ number: '470/0001/Dukcapil/XI/2026', jobId: 'job_00001', validUntil: '2027-05-05' });
    await expect(issueSukets(fx.station, fx.operator, { jobIds: ['job_00001'], settings })).rejects.toThrow('job job_00001 already has a suket');
    await expect(issueSukets(fx.station, fx.technician, { jobIds: ['job_00002'], settings })).rejects.toMatchObject({ code: 'not-permitted' });
    await expect(suketStandings(fx.station, fx.technician, '2026-11-05')).rejects.toMatchObject({ code: 'not-permitted' });
    expect(await cardsOwed(fx.station)).toBe(1);
  });

  it('renders to a PDF in the office format whose page shows its fields (pdftoppm PNG, pdftotext)', async () => {
    const doc = await suketDocument(fx.station, fx.operator, '470/0001/Dukcapil/XI/2026', settings);
    const pdf = await suketPdf(doc, settings);
    const path = join(fx.home, 'suket.pdf');
    await writeFile(path, pdf);
    await run('pdftoppm', ['-png', '-r', '50', '-singlefile', path, join(fx.home, 'suket')]);
    const png = await readFile(join(fx.home, 'suket.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // A4 at 50 dpi: 413 × 585 pixels.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([414, 585]);
    const { stdout } = await run('pdftotext', ['-layout', path, '-']);
    for (const field of [
      'PEMERINTAH KOTA KUPANG',
      'SURAT KETERANGAN PENGGANTI KTP-EL',
      'Nomor: 470/0001/Dukcapil/XI/2026',
      '5371014501900001',
      'RESIDENT 00001',
      'KUPANG, 05-01-1990',
      'PEREMPUAN',
      'Berlaku sampai dengan 05-05-2027.',
      'KOTA KUPANG, 05-11-2026',
      'Drs. YOHANES NDOLU, M.Si',
      'NIP. 197001011995031002',
    ]) {
      expect(stdout).toContain(field);
    }
    expect(pdfTexts(pdf).join(' ')).toContain('KEPALA DINAS');
  });
});

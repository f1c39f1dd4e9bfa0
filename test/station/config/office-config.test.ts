import { describe, expect, it } from 'vitest';
import { formatNip } from '../../../src/station/config/office-config.js';
import { parseStationConfig, requireOfficeIdentity } from '../../../src/station/config/station-config.js';
import { KUPANG_OFFICE } from '../../fixtures/office-fixture.js';

describe('the office section of station.json', () => {
  it('resolves the letterhead, the signing officials and the office time zone', () => {
    const config = parseStationConfig({ office: KUPANG_OFFICE }, 'station.json');
    const office = requireOfficeIdentity(config, 'station.json');
    expect(office).toMatchObject({
      government: 'PEMERINTAH KOTA KUPANG',
      place: 'Kupang',
      timeZone: 'Asia/Makassar',
      utcOffsetMinutes: 480,
      head: { name: 'Drs. YOHANES KEPALA, M.Si', nip: '197001011995031001', position: 'Kepala Dinas' },
      preparedBy: { name: 'MARIA PENGELOLA, S.Kom', nip: '198501012010012002' },
      documentNumber: '470/{seq}/{code}/Dukcapil/{romanMonth}/{year}',
      damagedCards: 'burn',
    });
    expect(formatNip(office.head.nip)).toBe('19700101 199503 1 001');
  });

  it('takes the time zone from the station offset when the office names none', () => {
    const { timeZone: _zone, ...office } = KUPANG_OFFICE;
    const config = parseStationConfig({ station: { utcOffsetMinutes: 420 }, office }, 'station.json');
    expect(requireOfficeIdentity(config, 'station.json')).toMatchObject({ timeZone: 'Asia/Jakarta', utcOffsetMinutes: 420 });
  });

  it('names the file and the field of a bad value', () => {
    expect(() => parseStationConfig({ office: { ...KUPANG_OFFICE, head: { ...KUPANG_OFFICE.head, nip: '1970' } } }, 'station.json')).toThrow(
      'station.json: office.head.nip: a NIP is 18 digits (spaces allowed, e.g. "19700101 199503 1 001")',
    );
    expect(() => parseStationConfig({ office: { ...KUPANG_OFFICE, preparedBy: 'kasi' } }, 'station.json')).toThrow('station.json: office.preparedBy: "kasi" is not one of office.officials (blangko)');
    expect(() => parseStationConfig({ office: { ...KUPANG_OFFICE, documentNumber: '470/{code}/{tahun}' } }, 'station.json')).toThrow(
      /^station\.json: office\.documentNumber: must contain \{seq\}.*\(and 1 more problem\(s\)\)$/,
    );
    expect(() => parseStationConfig({ station: { utcOffsetMinutes: 420 }, office: KUPANG_OFFICE }, 'station.json')).toThrow(
      'station.json: office.timeZone: Asia/Makassar is UTC+8 but station.utcOffsetMinutes is 420: make them agree',
    );
    expect(() => parseStationConfig({ office: { ...KUPANG_OFFICE, address: '' } }, 'station.json')).toThrow(/^station\.json: office\.address: /);
  });

  it('refuses to make official documents without an office section, saying what is needed', () => {
    expect(() => requireOfficeIdentity(parseStationConfig({}, '/var/lib/cetak/station.json'), '/var/lib/cetak/station.json')).toThrow(
      /^\/var\/lib\/cetak\/station\.json: office: official documents need the office's letterhead/,
    );
  });
});

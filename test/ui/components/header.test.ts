import { describe, expect, it } from 'vitest';
import { headerParts } from '../../../ui/components/header.js';
import { buildSnapshot } from '../snapshot-fixture.js';

const colors = new Proxy({}, { get: () => undefined }) as Parameters<typeof headerParts>[1];

describe('the header', () => {
  it('says since when the database is unreachable, in words and inverse, not by colour alone', () => {
    const base = buildSnapshot();
    const snapshot = { ...base, station: { ...base.station, database: { ...base.station.database, state: 'unreachable' as const, unreachableSince: '2026-11-27T02:05:00.000Z' } } };
    const parts = headerParts({ connection: 'connected', snapshot, disconnectedSince: null }, colors);
    const db = parts.find((p) => p.text.startsWith('database unreachable'));
    expect(db?.text).toMatch(/^database unreachable since \d\d:\d\d$/);
    expect(db?.inverse).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  initialJobListState, jobListReducer, MAX_CACHED_PAGES, neededPageOffsets, PAGE_SIZE, parseJobFilter, rowAt, stalePageOffsets, type JobListState,
} from '../../../ui/hooks/job-list-reducer.js';
import { fixtureJob } from '../snapshot-fixture.js';

function loaded(state: JobListState, offset: number, total: number): JobListState {
  const rows = Array.from({ length: Math.min(PAGE_SIZE, total - offset) }, (_, i) => fixtureJob(offset + i));
  return jobListReducer(state, { type: 'loaded', generation: state.generation, offset, total, rows });
}

describe('jobListReducer', () => {
  it('asks only for the page under the viewport, then none once it is loaded', () => {
    const start = initialJobListState(17);
    expect(neededPageOffsets(start)).toEqual([0]);
    const ready = loaded(start, 0, 100_000);
    expect(stalePageOffsets(ready)).toEqual([]);
    expect(ready.selectedId).toBe('job-000001');
  });

  it('moves a page at a time and to the ends, keeping the cursor inside the window', () => {
    let s = loaded(initialJobListState(17), 0, 100_000);
    s = jobListReducer(s, { type: 'page', direction: 1 });
    expect([s.cursor, s.top]).toEqual([17, 17]);
    s = jobListReducer(s, { type: 'last' });
    expect([s.cursor, s.top]).toEqual([99_999, 100_000 - 17]);
    expect(neededPageOffsets(s)).toEqual([99_900]);
    s = jobListReducer(s, { type: 'move', delta: 5 });
    expect(s.cursor).toBe(99_999);
    s = jobListReducer(s, { type: 'first' });
    expect([s.cursor, s.top]).toEqual([0, 0]);
    s = jobListReducer(s, { type: 'move', delta: -1 });
    expect(s.cursor).toBe(0);
  });

  it('needs two pages when the window straddles a page boundary', () => {
    let s = loaded(initialJobListState(17), 0, 1_000);
    s = jobListReducer(s, { type: 'move', delta: 95 });
    expect(s.top).toBe(79);
    expect(neededPageOffsets(s)).toEqual([0]);
    s = jobListReducer(s, { type: 'move', delta: 10 });
    expect(neededPageOffsets(s)).toEqual([0, 100]);
  });

  it('keeps at most MAX_CACHED_PAGES pages, dropping the farthest', () => {
    let s = initialJobListState(17);
    for (let page = 0; page < MAX_CACHED_PAGES + 4; page += 1) s = loaded(s, page * PAGE_SIZE, 100_000);
    expect(s.pages.size).toBe(MAX_CACHED_PAGES);
    expect(s.pages.has(0)).toBe(false);
  });

  it('keeps the cursor on the same job when a refresh moves it', () => {
    let s = loaded(initialJobListState(17), 0, 1_000);
    s = jobListReducer(s, { type: 'move', delta: 3 });
    expect(s.selectedId).toBe('job-000004');
    s = jobListReducer(s, { type: 'invalidate' });
    expect(stalePageOffsets(s)).toEqual([0]);
    // The station removed the first job: everything shifts up by one.
    const rows = Array.from({ length: PAGE_SIZE }, (_, i) => fixtureJob(i + 1));
    s = jobListReducer(s, { type: 'loaded', generation: s.generation, offset: 0, total: 999, rows });
    expect(s.cursor).toBe(2);
    expect(rowAt(s, s.cursor)?.id).toBe('job-000004');
  });

  it('lands on the neighbour when the selected job leaves the list', () => {
    let s = loaded(initialJobListState(17), 0, 1_000);
    s = jobListReducer(s, { type: 'move', delta: 3 });
    s = jobListReducer(s, { type: 'invalidate' });
    const rows = Array.from({ length: PAGE_SIZE }, (_, i) => fixtureJob(i >= 3 ? i + 1 : i));
    s = jobListReducer(s, { type: 'loaded', generation: s.generation, offset: 0, total: 999, rows });
    expect(s.cursor).toBe(3);
    expect(s.selectedId).toBe('job-000005');
  });

  it('stays on its job when the list shrinks with the cursor on the last row', () => {
    let s = loaded(initialJobListState(17), 0, 10);
    s = jobListReducer(s, { type: 'last' });
    expect(s.selectedId).toBe('job-000010');
    s = jobListReducer(s, { type: 'invalidate' });
    // The second job was printed and left the list: the last job is now one row higher.
    const rows = Array.from({ length: 10 }, (_, i) => fixtureJob(i)).filter((_, i) => i !== 1);
    s = jobListReducer(s, { type: 'loaded', generation: s.generation, offset: 0, total: 9, rows });
    expect(s.cursor).toBe(8);
    expect(s.selectedId).toBe('job-000010');
    expect(rowAt(s, s.cursor)?.id).toBe('job-000010');
  });

  it('follows its job across a page boundary when the earlier page arrives first', () => {
    let s = loaded(initialJobListState(17), 0, 1_000);
    s = loaded(s, PAGE_SIZE, 1_000);
    s = jobListReducer(s, { type: 'move', delta: PAGE_SIZE });
    expect(s.selectedId).toBe('job-000101');
    s = jobListReducer(s, { type: 'invalidate' });
    // One job on the first page left: job-000101 is now the last row of page 0.
    const shifted = (offset: number) => Array.from({ length: PAGE_SIZE }, (_, i) => fixtureJob(offset + i + 1));
    s = jobListReducer(s, { type: 'loaded', generation: s.generation, offset: 0, total: 999, rows: shifted(0) });
    expect(rowAt(s, s.cursor)?.id).toBe('job-000101');
    s = jobListReducer(s, { type: 'loaded', generation: s.generation, offset: PAGE_SIZE, total: 999, rows: shifted(PAGE_SIZE) });
    expect(s.cursor).toBe(PAGE_SIZE - 1);
    expect(s.selectedId).toBe('job-000101');
  });

  it('drops pages from an older generation and restarts at the top on a new filter', () => {
    let s = loaded(initialJobListState(17), 0, 1_000);
    const old = s.generation;
    s = jobListReducer(s, { type: 'filter', text: 'state:held' });
    expect(s.total).toBeNull();
    expect(s.pages.size).toBe(0);
    const late = jobListReducer(s, { type: 'loaded', generation: old, offset: 0, total: 1_000, rows: [fixtureJob(0)] });
    expect(late).toBe(s);
  });
});

describe('parseJobFilter', () => {
  it('reads states, NIK prefixes and name words', () => {
    expect(parseJobFilter('state:queued yoh')).toEqual({ text: 'yoh', states: ['queued'] });
    expect(parseJobFilter('state:held,doubt nik:5371')).toEqual({ text: '5371', states: ['held', 'in-doubt'] });
    expect(parseJobFilter('name:maria goreti')).toEqual({ text: 'maria goreti' });
    expect(parseJobFilter('   ')).toEqual({});
  });

  it('ignores unknown states instead of sending them to the station', () => {
    expect(parseJobFilter('state:lost')).toEqual({});
  });
});

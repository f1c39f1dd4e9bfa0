import { JOB_STATES, type JobState } from '../../src/domain/job-states.js';
import type { JobFilter } from '../../src/api/protocol.js';
import type { JobRow } from '../../src/api/views.js';

/** Rows per `jobs.page` request; the window around the viewport is fetched a page at a time. */
export const PAGE_SIZE = 100;
/** Pages kept in memory; the rest are dropped so 100,000 jobs cost a few pages, not the whole list. */
export const MAX_CACHED_PAGES = 8;

export interface CachedPage {
  readonly generation: number;
  readonly rows: readonly JobRow[];
}

/**
 * The virtualised job list. Only `total` and the cached pages are known; rows outside them are
 * fetched on demand. `generation` counts filter changes and station updates: pages from an older
 * generation are shown until fresh ones arrive, then replaced, so the list never blanks.
 */
export interface JobListState {
  readonly filterText: string;
  readonly total: number | null;
  readonly cursor: number;
  readonly top: number;
  readonly viewRows: number;
  readonly pages: ReadonlyMap<number, CachedPage>;
  readonly generation: number;
  /** The job under the cursor, kept across refreshes. */
  readonly selectedId: string | null;
  readonly detailOpen: boolean;
}

export type JobListAction =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly direction: 1 | -1 }
  | { readonly type: 'first' }
  | { readonly type: 'last' }
  | { readonly type: 'resize'; readonly viewRows: number }
  | { readonly type: 'filter'; readonly text: string }
  | { readonly type: 'invalidate' }
  | { readonly type: 'loaded'; readonly generation: number; readonly offset: number; readonly total: number; readonly rows: readonly JobRow[] }
  | { readonly type: 'detail'; readonly open: boolean };

export function initialJobListState(viewRows: number): JobListState {
  return { filterText: '', total: null, cursor: 0, top: 0, viewRows: Math.max(1, viewRows), pages: new Map(), generation: 0, selectedId: null, detailOpen: false };
}

export function pageOffsetOf(index: number): number {
  return Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
}

export function rowAt(state: JobListState, index: number): JobRow | null {
  const page = state.pages.get(pageOffsetOf(index));
  return page?.rows[index - pageOffsetOf(index)] ?? null;
}

/** Offsets of the pages that hold the visible rows, fresh or not. */
export function neededPageOffsets(state: JobListState): number[] {
  if (state.total === 0) return [];
  const end = state.total === null ? state.top + state.viewRows : Math.min(state.total, state.top + state.viewRows);
  const offsets: number[] = [];
  for (let o = pageOffsetOf(state.top); o < Math.max(end, state.top + 1); o += PAGE_SIZE) offsets.push(o);
  return offsets;
}

/** Offsets needed but missing or from an older generation. */
export function stalePageOffsets(state: JobListState): number[] {
  return neededPageOffsets(state).filter((o) => state.pages.get(o)?.generation !== state.generation);
}

function place(state: JobListState, cursor: number, top = state.top): JobListState {
  const count = state.total ?? 0;
  const maxIndex = Math.max(0, count - 1);
  const c = Math.min(Math.max(0, cursor), maxIndex);
  let t = Math.min(Math.max(0, top), Math.max(0, count - state.viewRows));
  if (c < t) t = c;
  if (c >= t + state.viewRows) t = c - state.viewRows + 1;
  const selectedId = rowAt({ ...state, cursor: c, top: t }, c)?.id ?? (c === state.cursor ? state.selectedId : null);
  if (c === state.cursor && t === state.top && selectedId === state.selectedId) return state;
  return { ...state, cursor: c, top: t, selectedId };
}

/** Where a job is among the pages of the current generation, or null when none of them holds it. */
function freshIndexOf(state: JobListState, jobId: string): number | null {
  for (const [offset, page] of state.pages) {
    if (page.generation !== state.generation) continue;
    const i = page.rows.findIndex((r) => r.id === jobId);
    if (i >= 0) return offset + i;
  }
  return null;
}

function prune(pages: Map<number, CachedPage>, keepNear: number): Map<number, CachedPage> {
  if (pages.size <= MAX_CACHED_PAGES) return pages;
  const byDistance = [...pages.keys()].sort((a, b) => Math.abs(a - keepNear) - Math.abs(b - keepNear));
  return new Map(byDistance.slice(0, MAX_CACHED_PAGES).map((o) => [o, pages.get(o)!]));
}

export function jobListReducer(state: JobListState, action: JobListAction): JobListState {
  switch (action.type) {
    case 'move':
      return place(state, state.cursor + action.delta);
    case 'page':
      return place(state, state.cursor + action.direction * state.viewRows, state.top + action.direction * state.viewRows);
    case 'first':
      return place(state, 0, 0);
    case 'last': {
      const count = state.total ?? 0;
      return place(state, count - 1, count - state.viewRows);
    }
    case 'resize': {
      const viewRows = Math.max(1, action.viewRows);
      return viewRows === state.viewRows ? state : place({ ...state, viewRows }, state.cursor);
    }
    case 'filter':
      if (action.text === state.filterText) return state;
      return { ...state, filterText: action.text, generation: state.generation + 1, pages: new Map(), total: null, cursor: 0, top: 0, selectedId: null };
    case 'invalidate':
      return { ...state, generation: state.generation + 1 };
    case 'loaded': {
      if (action.generation !== state.generation) return state;
      const pages = prune(new Map(state.pages).set(action.offset, { generation: action.generation, rows: action.rows }), action.offset);
      const next: JobListState = { ...state, pages, total: action.total };
      // Selection follows the job: if it moved within the fresh pages (this one or one loaded before
      // it), the cursor moves with it; if it left the list, the cursor stays put and lands on its
      // neighbour. Older pages are not trusted: they show where the job was, not where it is.
      if (state.selectedId !== null) {
        const index = freshIndexOf(next, state.selectedId);
        if (index !== null) return place(next, index);
      }
      const placed = place(next, state.cursor);
      return placed === next && state.selectedId === null ? { ...next, selectedId: rowAt(next, next.cursor)?.id ?? null } : placed;
    }
    case 'detail':
      return state.detailOpen === action.open ? state : { ...state, detailOpen: action.open };
    default: {
      const never: never = action;
      return never;
    }
  }
}

/**
 * The `/` filter: `state:queued,held` picks states, `nik:5371…` and `name:yoh` (or bare words) match
 * the start of the NIK or a word of the name, as the station defines it.
 */
export function parseJobFilter(text: string): JobFilter {
  const states: JobState[] = [];
  const words: string[] = [];
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = token.includes(':') ? [token.slice(0, token.indexOf(':')).toLowerCase(), token.slice(token.indexOf(':') + 1)] : ['', token];
    if (key === 'state' || key === 's') {
      for (const s of value.split(',')) {
        const normal = s.toLowerCase() === 'doubt' ? 'in-doubt' : s.toLowerCase();
        if ((JOB_STATES as readonly string[]).includes(normal)) states.push(normal as JobState);
      }
    } else if (key === 'nik' || key === 'name' || key === '') {
      if (value) words.push(value);
    } else {
      words.push(token);
    }
  }
  const filter: JobFilter = {};
  if (words.length > 0) filter.text = words.join(' ').slice(0, 64);
  if (states.length > 0) filter.states = [...new Set(states)];
  return filter;
}

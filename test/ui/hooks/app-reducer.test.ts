import { describe, expect, it } from 'vitest';
import { appReducer, INITIAL_APP_STATE, type AppState, type Modal } from '../../../ui/hooks/app-reducer.js';

const prompt = (value = ''): Modal => ({ kind: 'input', purpose: 'prompt', label: 'Reason', value, maxLength: 5, onSubmit: () => null });

describe('appReducer', () => {
  it('switches screens and cycles through them in both directions', () => {
    const queue = appReducer(INITIAL_APP_STATE, { type: 'screen.show', screen: 'queue' });
    expect(queue.screen).toBe('queue');
    expect(appReducer(queue, { type: 'screen.cycle', step: 1 }).screen).toBe('printers');
    expect(appReducer(INITIAL_APP_STATE, { type: 'screen.cycle', step: -1 }).screen).toBe('audit');
  });

  it('returns the same state object when nothing changes, so nothing re-renders', () => {
    expect(appReducer(INITIAL_APP_STATE, { type: 'screen.show', screen: 'dashboard' })).toBe(INITIAL_APP_STATE);
    expect(appReducer(INITIAL_APP_STATE, { type: 'modal.close' })).toBe(INITIAL_APP_STATE);
    expect(appReducer(INITIAL_APP_STATE, { type: 'input.erase' })).toBe(INITIAL_APP_STATE);
  });

  it('types into an input modal up to its maximum length and drops control characters', () => {
    let state: AppState = appReducer(INITIAL_APP_STATE, { type: 'modal.open', modal: prompt() });
    state = appReducer(state, { type: 'input.type', text: 'ab\u0007c' });
    expect(state.modal).toMatchObject({ value: 'abc' });
    state = appReducer(state, { type: 'input.type', text: 'defg' });
    expect(state.modal).toMatchObject({ value: 'abcde' });
    state = appReducer(state, { type: 'input.erase' });
    expect(state.modal).toMatchObject({ value: 'abcd' });
  });

  it('ignores typing when no input modal is open', () => {
    const help = appReducer(INITIAL_APP_STATE, { type: 'modal.open', modal: { kind: 'help' } });
    expect(appReducer(help, { type: 'input.type', text: 'x' })).toBe(help);
  });

  it('tracks pending requests until each is done', () => {
    let state = appReducer(INITIAL_APP_STATE, { type: 'pending.add', pending: { id: 1, label: 'hold 5371…0001', subject: 'job-1', action: 'hold' } });
    state = appReducer(state, { type: 'pending.add', pending: { id: 2, label: 'release 5371…0002', subject: 'job-2', action: 'release' } });
    state = appReducer(state, { type: 'pending.done', id: 1 });
    expect(state.pending.map((p) => p.id)).toEqual([2]);
  });
});

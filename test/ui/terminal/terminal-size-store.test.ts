import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createTerminalSizeStore } from '../../../ui/terminal/terminal-size-store.js';

describe('createTerminalSizeStore', () => {
  it('blanks for one frame after a resize, then settles at the new size', () => {
    const stdout = Object.assign(new EventEmitter(), { columns: 80, rows: 24 });
    const scheduled: (() => void)[] = [];
    const store = createTerminalSizeStore(stdout, (fn) => scheduled.push(fn));
    const seen: string[] = [];
    store.subscribe(() => {
      const s = store.getSnapshot();
      seen.push(`${s.columns}x${s.rows}${s.repainting ? ' repaint' : ''}`);
    });
    expect(store.getSnapshot()).toEqual({ columns: 80, rows: 24, repainting: false });
    stdout.columns = 100;
    stdout.rows = 30;
    stdout.emit('resize');
    stdout.emit('resize');
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    expect(seen).toEqual(['100x30 repaint', '100x30 repaint', '100x30']);
    store.dispose();
    stdout.emit('resize');
    expect(seen).toHaveLength(3);
  });
});

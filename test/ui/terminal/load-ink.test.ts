import { describe, expect, it } from 'vitest';
import { inkLoadedInCiMode, loadInk } from '../../../ui/terminal/load-ink.js';

describe('loadInk', () => {
  it('loads Ink out of CI mode and puts the environment back as it was', async () => {
    process.env['CI'] = '1';
    delete process.env['FORCE_COLOR'];
    const ink = await loadInk();
    expect(typeof ink.render).toBe('function');
    expect(await inkLoadedInCiMode()).toBe(false);
    expect(process.env['CI']).toBe('1');
    expect(process.env['FORCE_COLOR']).toBeUndefined();
  });
});

import type * as InkModule from 'ink';

/**
 * Ink, bound once it is loaded. The console never imports `ink` statically: a bundler hoists static
 * imports of external packages to the top of the bundle, which would load Ink (and React, and the
 * layout engine) for every `cetak` command and before run-console could take CI out of the
 * environment Ink reads at import time. Components import these live bindings instead; loadInk()
 * fills them before the first render.
 */
export let Box: typeof InkModule.Box;
export let Text: typeof InkModule.Text;
export let useInput: typeof InkModule.useInput;
export let useApp: typeof InkModule.useApp;

export function provideInk(ink: typeof InkModule): void {
  Box = ink.Box;
  Text = ink.Text;
  useInput = ink.useInput;
  useApp = ink.useApp;
}

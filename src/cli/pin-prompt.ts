import { createInterface } from 'node:readline';

/**
 * Reads a PIN without echoing it. Non-interactive use (scripts, tests) passes it in CETAK_PIN
 * instead; a PIN is never taken from the command line, where `ps` and shell history would show it.
 */
export async function readPin(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const fromEnv = env['CETAK_PIN'];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return undefined;
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, terminal: true });
  // Swallow the echo of what is typed; readline still collects it.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

// The personalisers and encodeCard through the real stack (pcscd + vpcd + our card emulator), and
// the external-executable personaliser against small executables that succeed, refuse, hang or crash.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EncodeCardError,
  ExternalPersonaliser,
  PersonaliserError,
  REFERENCE_FILE_ID,
  ReferencePersonaliser,
  encodeCard,
  referenceRecord,
} from '../../../hardware/smartcard/index.js';
import type { Personaliser } from '../../../hardware/smartcard/index.js';
import { useSmartCardStack } from './smartcard-test-stack.js';

async function rejection<T extends Error>(work: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('personalisers and encodeCard on pcscd + vpcd', () => {
  const stack = useSmartCardStack();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cetak-personaliser-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A small executable personaliser (node script) with this body; argv is [.., '--reader', r, '--job', j]. */
  async function script(name: string, body: string): Promise<ExternalPersonaliser> {
    const file = join(dir, `${name}.mjs`);
    await writeFile(file, `const args = process.argv.slice(2);\nconst arg = (n) => args[args.indexOf(n) + 1];\n${body}\n`);
    await chmod(file, 0o755);
    return new ExternalPersonaliser({ command: process.execPath, args: [file], label: `test personaliser ${name}`, killGraceMs: 300 });
  }

  it('the reference personaliser writes the test file and reads it back, and says it is the reference', async () => {
    const s = stack();
    const card = await s.insert('04A1B2C3D4E5F6');
    const personaliser = new ReferencePersonaliser({ encoder: s.encoder });
    const result = await personaliser.personalise({ readerName: s.readerNames[0], jobRef: 'job-42', timeoutMs: 5_000 });
    expect(result.uidHex).toBe('04A1B2C3D4E5F6');
    expect(result.personaliser).toEqual({ kind: 'reference', reference: true, label: expect.stringMatching(/^REFERENCE personaliser/) });
    const written = card.file(REFERENCE_FILE_ID)!;
    expect(written.subarray(0, 128)).toEqual(referenceRecord('job-42', '04A1B2C3D4E5F6'));
    expect(written.subarray(0, 128).toString('ascii')).toContain('job=job-42\nuid=04A1B2C3D4E5F6\n');
    const instructions = s.slots[0].exchanges.map((e) => e.command[1]);
    expect(instructions).toEqual([0xca, 0xa4, 0xa4, 0xd6, 0xb0]);
  });

  it('refuses a job reference that is not an id', async () => {
    const s = stack();
    const personaliser = new ReferencePersonaliser({ encoder: s.encoder });
    await expect(personaliser.personalise({ readerName: s.readerNames[0], jobRef: '3174011201900001', timeoutMs: 1_000 })).rejects.toThrow(/looks like a NIK/);
    await expect(personaliser.personalise({ readerName: s.readerNames[0], jobRef: 'a b', timeoutMs: 1_000 })).rejects.toThrow(/job reference/);
  });

  it('a chip that refuses the write fails the reference personaliser with the status word', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6', 0, { writeProtected: true });
    const error = await rejection(new ReferencePersonaliser({ encoder: s.encoder }).personalise({ readerName: s.readerNames[0], jobRef: 'job-1', timeoutMs: 5_000 }), PersonaliserError);
    expect(error.code).toBe('personaliser-failed');
    expect(error.message).toContain('UPDATE BINARY answered 6982');
  });

  it('encodeCard: UID read, personalised, UID re-read and equal', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    const seen: string[] = [];
    const result = await encodeCard({
      encoder: s.encoder,
      personaliser: new ReferencePersonaliser({ encoder: s.encoder }),
      readerName: s.readerNames[0],
      jobRef: 'job-7',
      personaliseTimeoutMs: 5_000,
      onUidRead: (uid) => void seen.push(uid),
      isUidUsed: (uid) => uid === '04FFFFFFFFFFFF',
    });
    expect(result).toEqual({ uidHex: '04A1B2C3D4E5F6', personaliser: expect.objectContaining({ reference: true }) });
    expect(seen).toEqual(['04A1B2C3D4E5F6']);
    // GET UID, the personaliser's five commands, GET UID again.
    expect(s.slots[0].exchanges.map((e) => e.command[1])).toEqual([0xca, 0xca, 0xa4, 0xa4, 0xd6, 0xb0, 0xca]);
  });

  it('encodeCard: no card, a wrong card, or a UID already bound write nothing', async () => {
    const s = stack();
    const base = { encoder: s.encoder, personaliser: new ReferencePersonaliser({ encoder: s.encoder }), readerName: s.readerNames[0], jobRef: 'job-8', personaliseTimeoutMs: 5_000 };
    const none = await rejection(encodeCard(base), Error);
    expect((none as { code?: string }).code).toBe('no-card');

    const card = await s.insert('04A1B2C3D4E5F6');
    const wrong = await rejection(encodeCard({ ...base, expectedUidHex: '04a1b2c3d4e5f7' }), EncodeCardError);
    expect(wrong.code).toBe('wrong-card');
    expect(wrong.message).toBe(`The card on reader "${s.readerNames[0]}" is 04A1B2C3D4E5F6, not the expected 04A1B2C3D4E5F7: place the right card.`);

    const used = await rejection(encodeCard({ ...base, isUidUsed: async (uid) => uid === '04A1B2C3D4E5F6' }), EncodeCardError);
    expect(used.code).toBe('uid-already-used');
    expect(card.file(REFERENCE_FILE_ID)!.every((byte) => byte === 0)).toBe(true);
    expect(s.slots[0].exchanges.every((e) => e.command[1] === 0xca)).toBe(true);
  });

  it('encodeCard: a card removed in the middle of writing is a card error, and the chip is not proven written', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    s.slots[0].setFault('remove-on-next-apdu', { instruction: 0xd6 });
    const error = await rejection(
      encodeCard({ encoder: s.encoder, personaliser: new ReferencePersonaliser({ encoder: s.encoder }), readerName: s.readerNames[0], jobRef: 'job-9', personaliseTimeoutMs: 5_000 }),
      PersonaliserError,
    );
    expect(error.code).toBe('personaliser-card-error');
    expect(error.cardCode).toBe('card-removed');
    expect(error.message).toBe(`The card was taken off reader "${s.readerNames[0]}" during UPDATE BINARY.`);
  });

  it('encodeCard: a card swapped during personalisation is caught by the second UID read', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    const reference = new ReferencePersonaliser({ encoder: s.encoder });
    const swapping: Personaliser = {
      identity: reference.identity,
      async personalise(request) {
        const result = await reference.personalise(request);
        await s.remove(0);
        await s.insert('04A1B2C3D4E5F7');
        return result;
      },
    };
    const error = await rejection(encodeCard({ encoder: s.encoder, personaliser: swapping, readerName: s.readerNames[0], jobRef: 'job-10', personaliseTimeoutMs: 5_000 }), EncodeCardError);
    expect(error.code).toBe('card-swapped');
    expect(error.message).toContain('(04A1B2C3D4E5F6, now 04A1B2C3D4E5F7)');
  });

  it('the reference personaliser gives up on a chip that hangs by its time limit', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    s.slots[0].setFault('hang', { instruction: 0xd6 });
    const started = Date.now();
    const error = await rejection(new ReferencePersonaliser({ encoder: s.encoder }).personalise({ readerName: s.readerNames[0], jobRef: 'job-11', timeoutMs: 800 }), PersonaliserError);
    expect(Date.now() - started).toBeLessThan(4_000);
    // Our limit, or vpcd giving up on the mute card first.
    if (error.code === 'personaliser-timeout') expect(error.message).toContain('did not finish within 800 ms');
    else expect(error.cardCode).toBe('card-unresponsive');
  });

  it('an external personaliser: success with the UID, a refusal with its reason, a bad answer', async () => {
    const s = stack();
    const ok = await script('ok', `console.log('working on ' + arg('--reader'));\nconsole.log(JSON.stringify({ ok: true, uid: '04a1b2c3d4e5f6', job: arg('--job') }));`);
    expect(await ok.personalise({ readerName: s.readerNames[0], jobRef: 'job-12', timeoutMs: 10_000 })).toEqual({
      uidHex: '04A1B2C3D4E5F6',
      personaliser: { kind: 'external', reference: false, label: 'test personaliser ok' },
    });
    const refused = await script('refused', `console.log(JSON.stringify({ ok: false, reason: 'SAM not present' }));\nprocess.exit(1);`);
    const refusal = await rejection(refused.personalise({ readerName: s.readerNames[0], jobRef: 'job-12', timeoutMs: 10_000 }), PersonaliserError);
    expect(refusal.code).toBe('personaliser-failed');
    expect(refusal.message).toBe(`The test personaliser refused did not write the card on reader "${s.readerNames[0]}": SAM not present.`);
    const garbled = await script('garbled', `console.log('done');`);
    expect((await rejection(garbled.personalise({ readerName: 'r', jobRef: 'job-12', timeoutMs: 10_000 }), PersonaliserError)).code).toBe('personaliser-bad-output');
    const noUid = await script('no-uid', `console.log(JSON.stringify({ ok: true, uid: 'zz' }));`);
    expect((await rejection(noUid.personalise({ readerName: 'r', jobRef: 'job-12', timeoutMs: 10_000 }), PersonaliserError)).code).toBe('personaliser-bad-output');
    const missing = new ExternalPersonaliser({ command: join(dir, 'no-such-tool') });
    expect((await rejection(missing.personalise({ readerName: 'r', jobRef: 'job-12', timeoutMs: 10_000 }), PersonaliserError)).code).toBe('personaliser-unavailable');
  });

  it('an external personaliser that crashes is reported as a crash, not a refusal', async () => {
    const exits = await script('exits', `process.stderr.write('NIK 3174011201900001 failed\\n');\nprocess.exit(3);`);
    const exit = await rejection(exits.personalise({ readerName: 'Reader A', jobRef: 'job-13', timeoutMs: 10_000 }), PersonaliserError);
    expect(exit.code).toBe('personaliser-crashed');
    expect(exit.message).toBe('The test personaliser exits exited with status 3 on reader "Reader A" (see its own log).');
    expect(exit.message).not.toContain('3174');
    const aborts = await script('aborts', `process.kill(process.pid, 'SIGSEGV');`);
    const signal = await rejection(aborts.personalise({ readerName: 'Reader A', jobRef: 'job-13', timeoutMs: 10_000 }), PersonaliserError);
    expect(signal.code).toBe('personaliser-crashed');
    expect(signal.message).toContain('was killed by SIGSEGV');
  });

  it('an external personaliser that hangs is killed at its time limit, with what it started', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    // It starts a grandchild and ignores SIGTERM: only the group SIGKILL after the grace period ends it.
    const hangs = await script(
      'hangs',
      `import { spawn } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\nprocess.on('SIGTERM', () => undefined);\nconst child = spawn('sleep', ['600'], { stdio: 'ignore' });\nwriteFileSync(${JSON.stringify(pidFile)}, String(child.pid));\nsetInterval(() => undefined, 1000);`,
    );
    const started = Date.now();
    const error = await rejection(hangs.personalise({ readerName: 'Reader A', jobRef: 'job-14', timeoutMs: 1_000 }), PersonaliserError);
    const took = Date.now() - started;
    expect(error.code).toBe('personaliser-timeout');
    expect(error.message).toBe('The test personaliser hangs did not finish within 1000 ms on reader "Reader A" and was stopped.');
    expect(took).toBeGreaterThanOrEqual(1_000);
    expect(existsSync(pidFile)).toBe(true);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    const deadline = Date.now() + 5_000;
    while (alive(grandchild) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive(grandchild)).toBe(false);
  });
});

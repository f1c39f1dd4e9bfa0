// A personaliser that is a configured executable (the Ministry's tool, or a wrapper around it).
//
// Contract: it is run as `<command> <args…> --reader <reader name> --job <job reference>`, with no
// standard input. It prints one JSON line on standard output as its last line, and exits 0:
//   {"ok":true,"uid":"04A1B2C3D4E5F6"}            the chip is written; the UID it read
//   {"ok":false,"reason":"…"}                      it is not (reason: one sentence, no personal data)
// Optional "reference":true marks a test-only personaliser, shown as such. Anything else (no JSON,
// a non-zero exit, a signal) is a crash. Past the time limit its whole process group is sent
// SIGTERM, then SIGKILL after `killGraceMs`.
import { spawn } from 'node:child_process';
import { PersonaliserError, checkJobReference, isUidHex } from './personaliser.js';
import type { PersonaliseRequest, PersonaliseResult, Personaliser, PersonaliserIdentity } from './personaliser.js';

export interface ExternalPersonaliserOptions {
  readonly command: string;
  readonly args?: readonly string[];
  /** For screens and reports. Default: "external personaliser <command>". */
  readonly label?: string;
  /** Between SIGTERM and SIGKILL. Default 2 000 ms. */
  readonly killGraceMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Longest reason kept from the executable; the rest is cut (it is shown on an 80-column console). */
const REASON_CHARS = 160;
/** Output beyond this is not kept: a runaway tool must not fill the station's memory. */
const OUTPUT_BYTES = 64 * 1024;

interface Answer {
  readonly ok?: unknown;
  readonly uid?: unknown;
  readonly reason?: unknown;
  readonly reference?: unknown;
}

function lastJsonLine(stdout: string): Answer | undefined {
  const lines = stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(last);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Answer) : undefined;
  } catch {
    return undefined;
  }
}

export class ExternalPersonaliser implements Personaliser {
  readonly identity: PersonaliserIdentity;
  readonly #options: ExternalPersonaliserOptions;

  constructor(options: ExternalPersonaliserOptions) {
    this.#options = options;
    this.identity = Object.freeze({ kind: 'external', label: options.label ?? `external personaliser ${options.command}`, reference: false });
  }

  personalise(request: PersonaliseRequest): Promise<PersonaliseResult> {
    checkJobReference(request.jobRef);
    const reader = request.readerName;
    const name = this.identity.label;
    return new Promise<PersonaliseResult>((resolve, reject) => {
      const child = spawn(this.#options.command, [...(this.#options.args ?? []), '--reader', reader, '--job', request.jobRef], {
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout kills whatever it started too.
        detached: true,
        env: this.#options.env ?? process.env,
      });
      let stdout = '';
      let stderrBytes = 0;
      let timedOut = false;
      let settled = false;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (stdout.length < OUTPUT_BYTES) stdout += chunk;
      });
      // Standard error is counted, not kept or shown: it is the tool's own log and may hold anything.
      child.stderr.on('data', (chunk: Buffer) => (stderrBytes += chunk.length));
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, signal);
        } catch {
          // The group is already gone.
        }
      };
      let killTimer: NodeJS.Timeout | undefined;
      const stop = () => {
        signalGroup('SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), this.#options.killGraceMs ?? 2_000);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, request.timeoutMs);
      const onAbort = () => {
        timedOut = true;
        stop();
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const fail = (error: PersonaliserError) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        fail(new PersonaliserError('personaliser-unavailable', `The ${name} could not be started: ${error.code ?? error.message}.`, reader));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (killTimer !== undefined) clearTimeout(killTimer);
        request.signal?.removeEventListener('abort', onAbort);
        // Whatever it left running in its group goes with it.
        signalGroup('SIGKILL');
        if (settled) return;
        if (timedOut) {
          fail(new PersonaliserError('personaliser-timeout', `The ${name} did not finish within ${request.timeoutMs} ms on reader "${reader}" and was stopped.`, reader));
          return;
        }
        const answer = lastJsonLine(stdout);
        if (signal !== null || (code !== 0 && (answer === undefined || answer.ok !== false))) {
          const how = signal !== null ? `was killed by ${signal}` : `exited with status ${code}`;
          fail(new PersonaliserError('personaliser-crashed', `The ${name} ${how} on reader "${reader}"${stderrBytes > 0 ? ' (see its own log)' : ''}.`, reader));
          return;
        }
        if (answer === undefined) {
          fail(new PersonaliserError('personaliser-bad-output', `The ${name} gave no answer line on reader "${reader}".`, reader));
          return;
        }
        if (answer.ok === false) {
          const reason = typeof answer.reason === 'string' && answer.reason.trim() !== '' ? answer.reason.replace(/\s+/g, ' ').trim().slice(0, REASON_CHARS) : 'no reason given';
          fail(new PersonaliserError('personaliser-failed', `The ${name} did not write the card on reader "${reader}": ${reason}.`, reader));
          return;
        }
        const uid = typeof answer.uid === 'string' ? answer.uid.toUpperCase() : '';
        if (answer.ok !== true || !isUidHex(uid)) {
          fail(new PersonaliserError('personaliser-bad-output', `The ${name} answered without a valid chip UID on reader "${reader}".`, reader));
          return;
        }
        settled = true;
        const identity = answer.reference === true ? { ...this.identity, reference: true, label: `REFERENCE ${this.identity.label}` } : this.identity;
        resolve({ uidHex: uid, personaliser: identity });
      });
    });
  }
}

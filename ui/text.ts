import { StationRequestError } from '../src/api/station-connection.js';
import { t } from '../src/i18n/i18n.js';
import { consoleWords } from '../src/i18n/locales/console.js';

/**
 * Every operator-facing word the console shows, read from the message catalogue (namespace
 * `console`, src/i18n/locales/console.ts) in the console's language. The names stay what screens
 * use (`TEXT.signIn.title`); each word is looked up when it is read, so a language set at start
 * (or by a test) shows everywhere. Station errors arrive as `{ code, params }` and are worded here,
 * so a raw error message never reaches the screen.
 */

const EN = consoleWords.en;

/**
 * An object of getters, one per message of `group`, each reading `console:<prefix><key>` when read;
 * the messages with parameters are the functions in `functions`. (A spread would read the getters
 * once, at load, in whatever language was set then.)
 */
function words<T extends object, F extends { [K in keyof T]?: (...args: never[]) => string } = {}>(
  prefix: string,
  group: T,
  functions: F = {} as F,
): { readonly [K in Exclude<keyof T, keyof F>]: string } & F {
  const out: object = { ...functions };
  for (const key of Object.keys(group)) {
    if (key in functions) continue;
    Object.defineProperty(out, key, { get: () => t(`console:${prefix}${key}`), enumerable: true });
  }
  return out as { readonly [K in Exclude<keyof T, keyof F>]: string } & F;
}

const say = (key: string, params?: Record<string, unknown>) => t(`console:${key}`, params);

export const TEXT = {
  appName: 'cetak',
  screens: words('screens.', EN.screens),
  screenTitles: words('screenTitles.', EN.screenTitles),
  panels: words('panels.', EN.panels),
  get simulated() { return say('simulated'); },
  /** A printer whose chips the reference personaliser writes: a test file, not an identity. */
  get referenceChip() { return say('referenceChip'); },
  encoder: words('encoder.', EN.encoder),
  get connecting() { return say('connecting'); },
  get connected() { return say('connected'); },
  unreachableSince: (hhmm: string) => say('unreachableSince', { hhmm }),
  get unreachable() { return say('unreachable'); },
  unreachableAt: (socket: string, home: string) => say('unreachableAt', { socket, home }),
  get signOut() { return say('signOut'); },
  idleSignOut: (seconds: number) =>
    seconds < 120 ? say('idleSignOutSeconds', { seconds }) : say('idleSignOutMinutes', { minutes: Math.round(seconds / 60) }),
  attachedAt: (socket: string, home: string) => say('attachedAt', { socket, home }),
  get dbOk() { return say('dbOk'); },
  dbDown: (since: string | null) => (since ? say('dbDownSince', { since }) : say('dbDown')),
  get notSignedIn() { return say('notSignedIn'); },
  viewer: (name: string, role: string) => say('viewer', { name, role }),
  tooSmall: (needCols: number, needRows: number, cols: number, rows: number) => say('tooSmall', { needCols, needRows, cols, rows }),
  get tooSmallHint() { return say('tooSmallHint'); },
  get waitingForSnapshot() { return say('waitingForSnapshot'); },
  get noAlerts() { return say('noAlerts'); },
  get alertsMore() { return say('alertsMore'); },
  get noPrinters() { return say('noPrinters'); },
  get noJobs() { return say('noJobs'); },
  get noJobsMatch() { return say('noJobsMatch'); },
  get loadingRow() { return say('loadingRow'); },
  pending: (label: string) => say('pending', { label }),
  done: (label: string) => say('done', { label }),
  signIn: words('signIn.', EN.signIn),
  unavailable: words('unavailable.', EN.unavailable, {
    wrongState: (action: string, state: string) => say('unavailable.wrongState', { action, state }),
  }),
  prompts: words('prompts.', EN.prompts, {
    holdReason: (who: string) => say('prompts.holdReason', { who }),
  }),
  confirm: {
    cancel: (who: string) => say('confirm.cancel', { who }),
    reprint: (who: string) => say('confirm.reprint', { who }),
    spoil: (who: string) => say('confirm.spoil', { who }),
    resolve: (who: string, outcome: string) => say('confirm.resolve', { who, outcome }),
    testCard: (printer: string) => say('confirm.testCard', { printer }),
    unload: (roll: string, printer: string) => say('confirm.unload', { roll, printer }),
    clean: (printer: string) => say('confirm.clean', { printer }),
    resumeAfterResolve: (printer: string) => say('confirm.resumeAfterResolve', { printer }),
  },
  help: words('help.', EN.help),
  commandLine: {
    unknown: (cmd: string) => say('commandLine.unknown', { cmd }),
    usage: (usage: string) => say('commandLine.usage', { usage }),
  },
  audit: {
    get verifying() { return say('audit.verifying'); },
    ok: (count: string) => say('audit.ok', { count }),
    broken: (n: number) => say('audit.broken', { count: n }),
  },
  pick: {
    get empty() { return say('pick.empty'); },
    loadRoll: (printer: string) => say('pick.loadRoll', { printer }),
    get lendRolls() { return say('pick.lendRolls'); },
    get returnLoan() { return say('pick.returnLoan'); },
    get returnRolls() { return say('pick.returnRolls'); },
    noRolls: (what: string) => say('pick.noRolls', { what }),
  },
  copy: {
    done: (what: string) => say('copy.done', { what }),
    get unavailable() { return say('copy.unavailable'); },
  },
  get errorPrefix() { return say('errorPrefix'); },
};

type ErrorWords = (params: Readonly<Record<string, string | number>>) => string;

/**
 * Error codes the console words itself: the API's own codes and the client's (no station answered).
 * Every other code is a station rule, and the station's sentence travels with it on the wire
 * (`{ code, message, params }`): the console shows that sentence, never the bare code.
 */
export const ERROR_TEXT: Readonly<Record<string, ErrorWords>> = {
  ...Object.fromEntries(
    Object.keys(EN.errors)
      .filter((code) => code !== 'fallback' && code !== 'sign-in-locked-for')
      .map((code): [string, ErrorWords] => [code, () => say(`errors.${code}`)]),
  ),
  'sign-in-locked': (p) => (p['seconds'] !== undefined ? say('errors.sign-in-locked-for', { seconds: p['seconds'] }) : say('errors.sign-in-locked')),
};

/** Words for an error code and, for station rules, the station's own sentence. */
export function describeError(code: string, params: Readonly<Record<string, string | number>> = {}, message?: string): string {
  const word = ERROR_TEXT[code];
  if (word) return word(params);
  return message && message.trim() !== '' ? message.trim() : say('errors.fallback');
}

/** What a failed request says to the operator: a StationRequestError in words, anything else as unreachable. */
export function describeRequestError(error: unknown): string {
  if (error instanceof StationRequestError) return describeError(error.code, error.params, error.message);
  return describeError('station-unreachable');
}

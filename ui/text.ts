import { StationRequestError } from '../src/api/station-connection.js';

/**
 * Every operator-facing word the console shows, in one place, ready for a Bahasa Indonesia set.
 * Station errors arrive as `{ code, params }` and are worded here, so a raw error message never
 * reaches the screen.
 */

export const TEXT = {
  appName: 'cetak',
  screens: { dashboard: 'Dash', queue: 'Queue', printers: 'Printers', stock: 'Stock', audit: 'Audit' },
  screenTitles: { dashboard: 'Dashboard', queue: 'Queue', printers: 'Printers', stock: 'Stock', audit: 'Audit log' },
  panels: { printers: 'Printers', queue: 'Queue', stock: 'Stock', alerts: 'Alerts' },
  simulated: '[SIMULATED]',
  /** A printer whose chips the reference personaliser writes: a test file, not an identity. */
  referenceChip: '[REF CHIP]',
  encoder: {
    title: 'chip encoder',
    atDesk: 'at the desk',
    inPrinter: 'in the printer',
    reference: 'REFERENCE personaliser: test chips only',
    ready: 'ready',
  },
  connecting: 'connecting to the station…',
  connected: 'station ok',
  unreachableSince: (hhmm: string) => `station unreachable since ${hhmm}`,
  unreachable: 'station unreachable',
  unreachableAt: (socket: string, home: string) => `no station answers on ${socket} (data folder ${home})`,
  signOut: 'sign out',
  idleSignOut: (seconds: number) => `signed out: no key for ${seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`}`,
  attachedAt: (socket: string, home: string) => ` station: ${socket} (data folder ${home})`,
  dbOk: 'DB ok',
  dbDown: (since: string | null) => (since ? `database unreachable since ${since}` : 'database unreachable'),
  notSignedIn: 'not signed in',
  viewer: (name: string, role: string) => `${name} (${role})`,
  tooSmall: (needCols: number, needRows: number, cols: number, rows: number) =>
    `terminal too small (need ${needCols}×${needRows}, have ${cols}×${rows})`,
  tooSmallHint: 'make the window larger, or press q to quit',
  waitingForSnapshot: 'waiting for the station to send its state…',
  noAlerts: 'nothing needs attention',
  alertsMore: 'all on the Printers and Stock screens',
  noPrinters: 'no printers configured',
  noJobs: 'no jobs',
  noJobsMatch: 'no job matches the filter',
  loadingRow: 'loading…',
  pending: (label: string) => `${label}: sent, waiting for the station`,
  done: (label: string) => `${label}: done`,
  signIn: {
    title: 'Sign in',
    operatorId: 'Operator ID',
    pin: 'PIN',
    hint: 'Enter or Tab moves to the PIN; Enter there signs in',
    sending: 'signing in…',
    shortPin: 'the PIN has at least 4 digits',
    technician: 'technician console: printers in full, personal data masked by the station',
  },
  unavailable: {
    notSignedIn: 'sign in first',
    technicianPrint: 'technician view: no print actions',
    technicianStock: 'technician view: no stock actions',
    needsSupervisor: 'needs a supervisor',
    noJob: 'no job selected',
    noPrinter: 'no printer selected',
    noLoans: 'no loans open',
    disconnected: 'the station is unreachable',
    notHere: 'not available on this screen',
    wrongState: (action: string, state: string) => `cannot ${action} a job that is ${state}`,
  },
  prompts: {
    holdReason: (who: string) => `Reason for holding ${who}`,
    cancelReason: 'Reason for cancelling',
    reprintReason: 'Reason for the reprint',
    spoilReason: 'Why is the card spoiled',
    resolveChoice: 'What happened to the card? 1 printed  2 spoiled  3 not printed',
    resolveReason: 'What did you see on the card',
    priorityChoice: 'New priority: 1 first card  2 data change  3 replacement',
    lendDue: 'Due back on (YYYY-MM-DD)',
    lendTo: 'Lend to which office',
    unloadChoice: 'Unload which roll? 1 film  2 ribbon',
    unloadFinished: 'Is the roll finished (empty)? y/n',
  },
  confirm: {
    cancel: (who: string) => `Cancel the card for ${who}?`,
    reprint: (who: string) => `Queue a reprint for ${who}? This uses another blank.`,
    spoil: (who: string) => `Mark the card for ${who} as spoiled?`,
    resolve: (who: string, outcome: string) => `Record the card for ${who} as ${outcome}?`,
    testCard: (printer: string) => `Print a test card on ${printer}? This uses a blank.`,
    unload: (roll: string, printer: string) => `Unload roll ${roll} from ${printer}?`,
    clean: (printer: string) => `Start a cleaning cycle on ${printer}?`,
    resumeAfterResolve: (printer: string) => `${printer} stopped for this card. Resume ${printer} now?`,
  },
  help: { title: 'Keys', close: 'Esc, ? or q closes this' },
  commandLine: {
    unknown: (cmd: string) => `unknown command "${cmd}"; try :help`,
    usage: (usage: string) => `usage: ${usage}`,
  },
  audit: {
    verifying: 'checking the audit chain…',
    ok: (count: string) => `chain verified: ${count} entries, no gaps, no edits`,
    broken: (n: number) => `CHAIN BROKEN: ${n} problem${n === 1 ? '' : 's'}`,
  },
  pick: {
    empty: 'nothing to pick from',
    loadRoll: (printer: string) => `Load which roll on ${printer}?`,
    lendRolls: 'Lend which rolls? Space marks several',
    returnLoan: 'Return which loan?',
    returnRolls: 'Return which rolls of that loan? Space marks several',
    noRolls: (what: string) => `no ${what} in stock`,
  },
  copy: {
    done: (what: string) => `copied ${what} to the clipboard`,
    unavailable: 'this terminal cannot take the clipboard',
  },
  errorPrefix: 'error:',
} as const;

/**
 * Error codes the console words itself: the API's own codes and the client's (no station answered).
 * Every other code is a station rule, and the station's sentence travels with it on the wire
 * (`{ code, message, params }`): the console shows that sentence, never the bare code.
 */
export const ERROR_TEXT: Readonly<Record<string, (params: Readonly<Record<string, string | number>>) => string>> = {
  'sign-in-required': () => 'sign in first',
  'sign-in-failed': () => 'operator ID or PIN is wrong (or the account is for the other console)',
  'sign-in-locked': (p) => `too many wrong PINs; try again ${p['seconds'] !== undefined ? `in ${p['seconds']} s` : 'later'}`,
  'not-permitted': () => 'your role may not do that',
  // Sent only by stations from before the lockout rework, which told a right PIN on the wrong socket apart.
  'sign-in-wrong-socket': () => 'this account signs in on the other console (cetak or cetak --technician)',
  'too-many-connections': () => 'the station has too many consoles attached; close one and try again',
  'bad-params': () => 'the station did not accept those values',
  'bad-message': () => 'the station could not read the request',
  'message-too-large': () => 'the request was too large to send',
  'unknown-op': () => 'this station does not know that request; is it an older version?',
  'result-too-large': () => 'the answer was too large; ask for less',
  'internal-error': () => 'the station failed; see the station log',
  'station-unreachable': () => 'the station is unreachable',
  'station-disconnected': () => 'the connection to the station was lost',
  'request-timeout': () => 'the station did not answer in time',
};

const FALLBACK = 'the station refused, without saying why';

/** Words for an error code and, for station rules, the station's own sentence. */
export function describeError(code: string, params: Readonly<Record<string, string | number>> = {}, message?: string): string {
  const word = ERROR_TEXT[code];
  if (word) return word(params);
  return message && message.trim() !== '' ? message.trim() : FALLBACK;
}

/** What a failed request says to the operator: a StationRequestError in words, anything else as unreachable. */
export function describeRequestError(error: unknown): string {
  if (error instanceof StationRequestError) return describeError(error.code, error.params, error.message);
  return describeError('station-unreachable');
}

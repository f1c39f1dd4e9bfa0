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
  connecting: 'connecting to the station…',
  connected: 'station ok',
  unreachableSince: (hhmm: string) => `station unreachable since ${hhmm}`,
  unreachable: 'station unreachable',
  dbOk: 'DB ok',
  dbDown: (since: string | null) => (since ? `database unreachable since ${since}` : 'database unreachable'),
  notSignedIn: 'not signed in',
  viewer: (name: string, role: string) => `${name} (${role})`,
  tooSmall: (needCols: number, needRows: number, cols: number, rows: number) =>
    `terminal too small (need ${needCols}×${needRows}, have ${cols}×${rows})`,
  tooSmallHint: 'make the window larger, or press q to quit',
  waitingForSnapshot: 'waiting for the station to send its state…',
  noAlerts: 'nothing needs attention',
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
    technician: 'technician console: printers in full, personal data masked by the station',
  },
  unavailable: {
    notSignedIn: 'sign in first',
    technicianPrint: 'technician view: no print actions',
    technicianStock: 'technician view: no stock actions',
    needsSupervisor: 'needs a supervisor',
    noJob: 'no job selected',
    noPrinter: 'no printer selected',
    disconnected: 'the station is unreachable',
    notHere: 'not available on this screen',
    wrongState: (action: string, state: string) => `cannot ${action} a job that is ${state}`,
  },
  prompts: {
    holdReason: 'Reason for holding',
    cancelReason: 'Reason for cancelling',
    reprintReason: 'Reason for the reprint',
    spoilReason: 'Why is the card spoiled',
    resolveChoice: 'What happened to the card? 1 printed  2 spoiled  3 not printed',
    resolveReason: 'What did you see on the card',
    priorityChoice: 'New priority: 1 first card  2 data change  3 replacement',
    rollId: 'Roll ID to load',
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
  errorPrefix: 'error:',
} as const;

/** Station error codes in plain words. Unknown codes fall back to a generic sentence naming the code. */
const ERROR_TEXT: Readonly<Record<string, (params: Readonly<Record<string, string | number>>) => string>> = {
  'not-signed-in': () => 'sign in first',
  'sign-in-failed': () => 'operator ID or PIN is wrong (or the account is for the other console)',
  'sign-in-locked': (p) => `too many wrong PINs: try again in ${p['seconds'] ?? 60} s`,
  'bad-credentials': () => 'operator ID or PIN is wrong',
  'locked-out': (p) => `too many wrong PINs; try again ${p['until'] ? `after ${p['until']}` : 'later'}`,
  forbidden: () => 'your role may not do that',
  'permission-denied': () => 'your role may not do that',
  'needs-supervisor': () => 'needs a supervisor',
  'job-transition-refused': (p) => (p['from'] ? `the job is ${p['from']} now, so that is not possible` : 'the job is not in a state that allows that'),
  'job-not-found': () => 'that job no longer exists',
  'printer-not-found': () => 'that printer is not configured',
  'printer-offline': () => 'the printer is offline',
  'roll-not-found': () => 'no roll with that ID',
  'invalid-params': () => 'the station did not accept those values',
  'bad-request': () => 'the station did not accept those values',
  'station-unreachable': () => 'the station is unreachable',
  disconnected: () => 'the connection to the station was lost',
  timeout: () => 'the station did not answer in time',
  'database-unreachable': () => 'the database is unreachable; nothing was changed',
};

export function describeError(code: string, params: Readonly<Record<string, string | number>> = {}): string {
  const word = ERROR_TEXT[code];
  return word ? word(params) : `the station refused (${code})`;
}

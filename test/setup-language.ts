// Most suites assert the English words, so the test harness speaks English unless a test asks for
// Bahasa Indonesia. CETAK_LANG in process.env reaches every `cetak` a test spawns (run-cetak.ts and
// tmux.ts pass it on where they build an environment from scratch).
import { setLanguage } from '../src/i18n/i18n.js';

process.env['CETAK_LANG'] = 'en';
setLanguage('en');

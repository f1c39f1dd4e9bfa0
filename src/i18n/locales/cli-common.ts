import type { Namespace } from '../messages.js';

/** What every `cetak` command that talks to the running station says about reaching it. */
const en = {
  homeMissing: 'the data folder {{home}} does not exist ({{code}}); nothing was created. Give the station\'s folder with --home or CETAK_HOME',
  homeNotFolder: 'the data folder {{home}} is not a folder; nothing was created. Give the station\'s folder with --home or CETAK_HOME',
  noStation: 'no station answers on {{socket}} (data folder {{home}}; {{reason}}). Is `cetak station` running for this folder? (systemctl status cetak-station)',
  noSnapshot: 'the station on {{socket}} accepted the connection but sent nothing within {{seconds}} s',
  stationWentAway: 'the station on {{socket}} closed the connection before it said anything',
  lostStation: 'lost the station: {{message}}',
  refused: 'the station refused: {{message}}',
  whoAreYou: 'say who you are with --operator ID (or CETAK_OPERATOR)',
  pinPrompt: 'PIN for {{id}}: ',
  noPin: 'no PIN for {{id}}: type it at the prompt, or set CETAK_PIN for scripts',
  unknownCommand: 'unknown command "{{word}}"',
  didYouMean: 'did you mean {{suggestions}}?',
  seeHelp: 'run `{{command}} --help` for the commands',
  technicianOption: 'use the technician socket (personal data masked)',
  jsonOption: 'print as JSON',
} as const;

export const cliCommon: Namespace<typeof en> = {
  en,
  id: {
    homeMissing: 'folder data {{home}} tidak ada ({{code}}); tidak ada yang dibuat. Sebutkan folder stasiun dengan --home atau CETAK_HOME',
    homeNotFolder: '{{home}} bukan folder; tidak ada yang dibuat. Sebutkan folder stasiun dengan --home atau CETAK_HOME',
    noStation: 'tidak ada stasiun yang menjawab di {{socket}} (folder data {{home}}; {{reason}}). Apakah `cetak station` berjalan untuk folder ini? (systemctl status cetak-station)',
    noSnapshot: 'stasiun di {{socket}} menerima sambungan tetapi tidak mengirim apa pun dalam {{seconds}} detik',
    stationWentAway: 'stasiun di {{socket}} menutup sambungan sebelum menjawab',
    lostStation: 'sambungan ke stasiun terputus: {{message}}',
    refused: 'stasiun menolak: {{message}}',
    whoAreYou: 'sebutkan siapa Anda dengan --operator ID (atau CETAK_OPERATOR)',
    pinPrompt: 'PIN untuk {{id}}: ',
    noPin: 'tidak ada PIN untuk {{id}}: ketik di prompt, atau isi CETAK_PIN untuk skrip',
    unknownCommand: 'perintah "{{word}}" tidak dikenal',
    didYouMean: 'maksud Anda {{suggestions}}?',
    seeHelp: 'jalankan `{{command}} --help` untuk daftar perintah',
    technicianOption: 'pakai soket teknisi (data pribadi disamarkan)',
    jsonOption: 'cetak sebagai JSON',
  },
};

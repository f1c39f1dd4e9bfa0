export { backupStation, type BackupOptions, type BackupReport } from './backup-station.js';
export { restoreStation, type RestoreOptions, type RestoreReport } from './restore-station.js';
export { verifyDatabase, type DatabaseVerification } from './verify-database.js';

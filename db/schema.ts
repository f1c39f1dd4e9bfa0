import type { AuditHeadTable, AuditLogTable } from './tables/audit.table.js';
import type { AttemptsTable, JobsTable, PrintersTable } from './tables/jobs.table.js';
import type { OperatorsTable, SignInLocksTable, StationsTable } from './tables/operators.table.js';
import type { PrinterCareTable, TestCardsTable } from './tables/printer-care.table.js';
import type { RecordImagesTable, RecordsTable } from './tables/records.table.js';
import type { CardHandoversTable, DestructionItemsTable, DestructionSessionsTable, DestructionWitnessesTable, OfficialDocumentsTable, ReturnedOldCardsTable } from './tables/paperwork.table.js';
import type {
  BlankBatchesTable,
  ConsumableTypesTable,
  LoansTable,
  MovementsTable,
  RollsTable,
  StockBalancesTable,
} from './tables/stock.table.js';
import type { BlankLoansTable, DirectoryTable, RationingTable, SuketsTable } from './tables/shortage.table.js';

/** The whole database as kysely sees it. Column names are snake_case as stored. */
export interface Database {
  stations: StationsTable;
  operators: OperatorsTable;
  sign_in_locks: SignInLocksTable;
  records: RecordsTable;
  record_images: RecordImagesTable;
  printers: PrintersTable;
  jobs: JobsTable;
  attempts: AttemptsTable;
  blank_batches: BlankBatchesTable;
  consumable_types: ConsumableTypesTable;
  loans: LoansTable;
  rolls: RollsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  movements: MovementsTable;
  stock_balances: StockBalancesTable;
  test_cards: TestCardsTable;
  printer_care: PrinterCareTable;
  official_documents: OfficialDocumentsTable;
  returned_old_cards: ReturnedOldCardsTable;
  destruction_sessions: DestructionSessionsTable;
  destruction_witnesses: DestructionWitnessesTable;
  destruction_items: DestructionItemsTable;
  card_handovers: CardHandoversTable;
  directory: DirectoryTable;
  blank_loans: BlankLoansTable;
  sukets: SuketsTable;
  rationing: RationingTable;
}

export type * from './tables/audit.table.js';
export type * from './tables/jobs.table.js';
export type * from './tables/operators.table.js';
export type * from './tables/printer-care.table.js';
export type * from './tables/records.table.js';
export type * from './tables/paperwork.table.js';
export type * from './tables/stock.table.js';
export type * from './tables/shortage.table.js';

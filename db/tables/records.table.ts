export interface RecordsTable {
  id: string;
  nik: string;
  content_sha256: string;
  name: string;
  province: string;
  regency: string;
  birth_place: string;
  birth_date: string;
  sex: 'male' | 'female';
  blood_type: string;
  address: string;
  rt_rw: string;
  village: string;
  district: string;
  religion: string;
  marital_status: string;
  occupation: string;
  nationality: string;
  valid_until: string;
  issue_place: string;
  issue_date: string;
  priority: 'first-card' | 'data-change' | 'replacement';
  /** Relative to the station's data folder. */
  photo_path: string;
  signature_path: string;
  source_file: string;
  source_row: number;
  source_batch: string;
  imported_at: string;
  imported_by: string;
}

/** A record's photo or signature, keyed by the SHA-256 of its bytes (used on PostgreSQL). */
export interface RecordImagesTable {
  sha256: string;
  format: 'jpeg' | 'png';
  bytes: Buffer;
  stored_at: string;
}

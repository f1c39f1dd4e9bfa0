// The REFERENCE personaliser, for the demo and the tests: it writes a test file on the chip (real or
// virtual) and reads it back. It proves the encode path works end to end; it writes no identity.
// Everything it writes is the job reference and the UID, never personal data.
import { isSuccess, readBinaryApdu, selectFileApdu, swHex, updateBinaryApdu } from '../apdu.js';
import type { CardEncoder, CardSession } from '../card-encoder.js';
import { SmartCardError } from '../smartcard-error.js';
import { PersonaliserError, checkJobReference } from './personaliser.js';
import type { PersonaliseRequest, PersonaliseResult, Personaliser, PersonaliserIdentity } from './personaliser.js';

/** The transparent file it writes: FID 2F01 under the MF (ISO 7816-4 EF.DIR's neighbour; no meaning). */
export const REFERENCE_FILE_ID = 0x2f01;
/** Bytes written: the file is cleared to this length so an older, longer record leaves nothing behind. */
export const REFERENCE_RECORD_BYTES = 128;

export const REFERENCE_PERSONALISER_IDENTITY: PersonaliserIdentity = Object.freeze({
  kind: 'reference',
  label: 'REFERENCE personaliser (test file only, no identity written)',
  reference: true,
});

const MF = 0x3f00;
const MAGIC = 'CETAK-REFERENCE-PERSONALISER/1';

/** The record for one job: magic, job reference, UID, NUL-padded to REFERENCE_RECORD_BYTES. */
export function referenceRecord(jobRef: string, uidHex: string): Buffer {
  const text = Buffer.from(`${MAGIC}\njob=${jobRef}\nuid=${uidHex}\n`, 'ascii');
  if (text.length > REFERENCE_RECORD_BYTES) throw new RangeError('reference record does not fit the test file');
  return Buffer.concat([text, Buffer.alloc(REFERENCE_RECORD_BYTES - text.length)]);
}

export interface ReferencePersonaliserOptions {
  readonly encoder: CardEncoder;
}

export class ReferencePersonaliser implements Personaliser {
  readonly identity = REFERENCE_PERSONALISER_IDENTITY;
  readonly #encoder: CardEncoder;

  constructor(options: ReferencePersonaliserOptions) {
    this.#encoder = options.encoder;
  }

  async personalise(request: PersonaliseRequest): Promise<PersonaliseResult> {
    checkJobReference(request.jobRef);
    const deadline = Date.now() + request.timeoutMs;
    const left = () => {
      const ms = deadline - Date.now();
      if (ms <= 0) throw new PersonaliserError('personaliser-timeout', `The reference personaliser did not finish within ${request.timeoutMs} ms on reader "${request.readerName}".`, request.readerName);
      return ms;
    };
    let session: CardSession | undefined;
    try {
      session = await this.#encoder.connect(request.readerName, { timeoutMs: left(), ...(request.signal === undefined ? {} : { signal: request.signal }) });
      const call = () => ({ timeoutMs: left(), ...(request.signal === undefined ? {} : { signal: request.signal }) });
      const uidHex = await session.readUid(call());
      const record = referenceRecord(request.jobRef, uidHex);
      await this.#expectOk(session, selectFileApdu(MF), call(), 'SELECT MF');
      await this.#expectOk(session, selectFileApdu(REFERENCE_FILE_ID), call(), 'SELECT test file');
      await this.#expectOk(session, updateBinaryApdu(0, record), call(), 'UPDATE BINARY');
      const read = await session.transmit(readBinaryApdu(0, REFERENCE_RECORD_BYTES), call());
      if (!isSuccess(read.sw)) throw this.#failed(request.readerName, `READ BINARY answered ${swHex(read.sw)}`);
      if (!read.data.equals(record)) throw this.#failed(request.readerName, 'the test file read back differs from what was written');
      return { uidHex, personaliser: this.identity };
    } catch (error) {
      if (error instanceof PersonaliserError) throw error;
      if (error instanceof SmartCardError) {
        if (error.code === 'timeout' && Date.now() >= deadline) {
          throw new PersonaliserError('personaliser-timeout', `The reference personaliser did not finish within ${request.timeoutMs} ms on reader "${request.readerName}".`, request.readerName, error.code);
        }
        throw new PersonaliserError('personaliser-card-error', error.message, request.readerName, error.code);
      }
      throw error;
    } finally {
      session?.close();
    }
  }

  async #expectOk(session: CardSession, apdu: Buffer, options: { timeoutMs: number }, step: string): Promise<void> {
    const response = await session.transmit(apdu, options);
    if (!isSuccess(response.sw)) throw this.#failed(session.readerName, `${step} answered ${swHex(response.sw)}`);
  }

  #failed(readerName: string, why: string): PersonaliserError {
    return new PersonaliserError('personaliser-failed', `The reference personaliser could not write the card on reader "${readerName}": ${why}.`, readerName);
  }
}

import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { TransportError } from '../types.js';
import type { IoOptions } from '../types.js';
import { IppEncodingError, IPP_GROUP_TAGS, decodeIppMessage, encodeIppMessage, ippCharset, ippLanguage, ippName, ippUri } from './ipp-encoding.js';
import type { IppAttribute, IppMessage } from './ipp-encoding.js';
import { IppError } from './ipp-error.js';

/** TLS for `ipps://` printers (RFC 7472). */
export interface IppTlsOptions {
  /**
   * SHA-256 fingerprint (hex, colons optional) of the printer's own self-signed certificate: that
   * certificate, and only it, is trusted, and the host name in it is not checked. Without it the
   * certificate must chain to the system's trust store and name the host.
   */
  readonly certificateSha256?: string;
}

export interface IppClientOptions {
  /** Printer URI: `ipp://host[:port]/path` (port 631 by default), `ipps://…` (TLS, port 631) or `http(s)://…`. */
  readonly uri: string;
  readonly tls?: IppTlsOptions;
  /** Whole-request budget (connect, send, answer) when the call gives no `timeoutMs`. Default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  /** Largest response accepted, so a misbehaving peer cannot grow memory. Default 4 MiB. */
  readonly maxResponseBytes?: number;
  /** `requesting-user-name` sent with every request. Default `cetak`. */
  readonly userName?: string;
}

/** Attributes a caller adds after the standard operation attributes, per group. */
export interface IppRequestAttributes {
  readonly operation?: readonly IppAttribute[];
  readonly job?: readonly IppAttribute[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * One IPP peer over HTTP (`printer-protocols.md` §6.1): each call is a `POST` of
 * `application/ipp` on a fresh connection, answered by one decoded IPP response.
 *
 * Failure behaviour, which the driver relies on to pick a print outcome:
 * - `TransportError('open-failed')`: no connection was made, so the printer saw nothing.
 * - `TransportError('disconnected')`: the connection broke after it was made; the printer may or
 *   may not have acted on the request.
 * - `TransportError('timeout')` after the budget; `('aborted')` on the caller's signal;
 *   `('closed')` after `close()` (in flight or later).
 * - `IppError('http-status' | 'malformed')` for an answer that is not an IPP response.
 * An IPP error *status* is not thrown: the response is returned and the caller reads `code`.
 */
export class IppClient {
  readonly #config: Readonly<Required<Omit<IppClientOptions, 'tls'>>>;
  readonly #secure: boolean;
  readonly #pin: string | undefined;
  readonly #url: URL;
  readonly #closed = new AbortController();
  #nextRequestId = 1;

  constructor(options: IppClientOptions) {
    const config = Object.freeze({
      uri: options.uri,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      userName: options.userName ?? 'cetak',
    });
    let parsed: URL;
    try {
      parsed = new URL(config.uri);
    } catch (cause) {
      throw new TypeError(`IPP printer URI "${config.uri}" is not a valid URI.`, { cause });
    }
    if (!['ipp:', 'ipps:', 'http:', 'https:'].includes(parsed.protocol)) {
      throw new TypeError(`IPP printer URI "${config.uri}" must use ipp://, ipps://, http:// or https:// (got ${parsed.protocol}).`);
    }
    this.#secure = parsed.protocol === 'ipps:' || parsed.protocol === 'https:';
    const pin = options.tls?.certificateSha256;
    if (pin !== undefined) {
      if (!this.#secure) throw new TypeError(`IPP printer URI "${config.uri}" is not ipps://, so a TLS certificate fingerprint does not apply.`);
      this.#pin = normaliseFingerprint(pin);
    }
    if (parsed.username || parsed.password) {
      throw new TypeError('IPP printer URI must not carry credentials.');
    }
    if (!(config.requestTimeoutMs > 0)) {
      throw new TypeError(`IPP requestTimeoutMs must be positive (got ${config.requestTimeoutMs}).`);
    }
    this.#config = config;
    const url = new URL(parsed.href.replace(/^ipp:/, 'http:').replace(/^ipps:/, 'https:'));
    if (!url.port && (parsed.protocol === 'ipp:' || parsed.protocol === 'ipps:')) url.port = '631';
    else if (!url.port) url.port = this.#secure ? '443' : '80';
    this.#url = url;
  }

  /** The printer URI as given (sent as `printer-uri`). */
  get uri(): string {
    return this.#config.uri;
  }

  /**
   * Sends one operation and resolves with the decoded response (whatever its IPP status).
   * The operation group always starts with `attributes-charset`, `attributes-natural-language`,
   * `printer-uri` and `requesting-user-name` (§6.1); `attributes.operation` follow them.
   * `data` is the document for Print-Job. Rejects as described on the class.
   */
  async request(
    operationId: number,
    attributes: IppRequestAttributes = {},
    data: Uint8Array = new Uint8Array(0),
    options: IoOptions = {},
  ): Promise<IppMessage> {
    if (this.#closed.signal.aborted) {
      throw new TransportError('closed', this.#config.uri, `IPP client for ${this.#config.uri} is closed.`);
    }
    const requestId = this.#nextRequestId;
    this.#nextRequestId = (this.#nextRequestId % 0x7fffffff) + 1;
    const groups = [
      {
        tag: IPP_GROUP_TAGS.operation,
        attributes: [
          { name: 'attributes-charset', values: [ippCharset('utf-8')] },
          { name: 'attributes-natural-language', values: [ippLanguage('en')] },
          { name: 'printer-uri', values: [ippUri(this.#config.uri)] },
          { name: 'requesting-user-name', values: [ippName(this.#config.userName)] },
          ...(attributes.operation ?? []),
        ],
      },
      ...(attributes.job && attributes.job.length > 0 ? [{ tag: IPP_GROUP_TAGS.job, attributes: attributes.job }] : []),
    ];
    const body = encodeIppMessage({ version: [2, 0], code: operationId, requestId, groups, data });
    const bytes = await this.#post(body, options);
    let response: IppMessage;
    try {
      response = decodeIppMessage(bytes);
    } catch (cause) {
      const detail = cause instanceof IppEncodingError ? cause.message : String(cause);
      throw new IppError('malformed', this.#config.uri, `Printer at ${this.#config.uri} sent an unreadable IPP response: ${detail}`, { cause });
    }
    if (response.requestId !== requestId) {
      throw new IppError(
        'malformed',
        this.#config.uri,
        `Printer at ${this.#config.uri} answered request ${requestId} with request-id ${response.requestId}.`,
      );
    }
    return response;
  }

  /** Aborts requests in flight (they reject with `closed`) and refuses later ones. Idempotent. */
  close(): void {
    this.#closed.abort();
  }

  #post(body: Buffer, options: IoOptions): Promise<Buffer> {
    const uri = this.#config.uri;
    const timeoutMs = options.timeoutMs ?? this.#config.requestTimeoutMs;
    const maxBytes = this.#config.maxResponseBytes;
    const url = this.#url;
    const closedSignal = this.#closed.signal;
    const callerSignal = options.signal;

    return new Promise<Buffer>((resolve, reject) => {
      if (callerSignal?.aborted) {
        reject(new TransportError('aborted', uri, `IPP request to ${uri} was aborted before it was sent.`));
        return;
      }
      let connected = false;
      let settled = false;
      let failure: Error | undefined;

      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const common: http.RequestOptions = {
        hostname,
        port: Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/ipp',
          'Content-Length': body.length,
          Connection: 'close',
        },
      };
      const pin = this.#pin;
      const req = this.#secure
        ? https.request({
            ...common,
            protocol: 'https:',
            ...(isIP(hostname) ? {} : { servername: hostname }),
            // A pinned printer is checked by its fingerprint once the handshake is done.
            ...(pin ? { rejectUnauthorized: false } : { ca: trustedCertificates() }),
          })
        : http.request({ ...common, protocol: 'http:' });

      const finish = (error: Error | undefined, value?: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onAbort);
        closedSignal.removeEventListener('abort', onClose);
        if (error) {
          req.destroy();
          reject(error);
        } else {
          resolve(value!);
        }
      };
      // Destroying the request surfaces as an 'error' event; `failure` says why we destroyed it.
      const fail = (error: Error): void => {
        failure ??= error;
        finish(failure);
      };
      const onAbort = (): void => fail(new TransportError('aborted', uri, `IPP request to ${uri} was aborted.`));
      const onClose = (): void => fail(new TransportError('closed', uri, `IPP client for ${uri} was closed during a request.`));
      const timer = setTimeout(() => {
        fail(
          connected
            ? new TransportError('timeout', uri, `Printer at ${uri} did not answer within ${timeoutMs} ms.`)
            : new TransportError('open-failed', uri, `Could not connect to printer at ${uri} within ${timeoutMs} ms.`),
        );
      }, timeoutMs);
      callerSignal?.addEventListener('abort', onAbort, { once: true });
      closedSignal.addEventListener('abort', onClose, { once: true });

      req.on('socket', (socket) => {
        // Over TLS the printer has seen nothing until the handshake is done and its certificate is good.
        socket.once(this.#secure ? 'secureConnect' : 'connect', () => {
          if (pin) {
            const presented = normaliseFingerprint((socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '');
            if (presented !== pin) {
              fail(new TransportError('open-failed', uri, `Printer at ${uri} presented a TLS certificate with SHA-256 ${presented}, not the ${pin} configured for it; nothing was sent.`));
              return;
            }
          }
          connected = true;
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (failure) return finish(failure);
        if (!connected && this.#secure && isCertificateError(error)) {
          fail(
            new TransportError(
              'open-failed',
              uri,
              `Printer at ${uri} presented a TLS certificate that is not trusted (${error.code ?? error.message}); if it is the printer's own self-signed certificate, configure its SHA-256 fingerprint (tlsCertificateSha256).`,
              { cause: error },
            ),
          );
          return;
        }
        fail(
          connected
            ? new TransportError('disconnected', uri, `Connection to printer at ${uri} was lost (${error.code ?? error.message}).`, { cause: error })
            : new TransportError('open-failed', uri, `Could not connect to printer at ${uri} (${error.code ?? error.message}).`, { cause: error }),
        );
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            fail(new IppError('malformed', uri, `Printer at ${uri} sent a response over ${maxBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error) => {
          fail(new TransportError('disconnected', uri, `Connection to printer at ${uri} was lost while reading the answer.`, { cause: error }));
        });
        res.on('aborted', () => {
          fail(new TransportError('disconnected', uri, `Connection to printer at ${uri} was lost while reading the answer.`));
        });
        res.on('end', () => {
          if (res.statusCode !== 200) {
            fail(
              new IppError('http-status', uri, `Printer at ${uri} answered HTTP ${res.statusCode ?? '?'} instead of 200.`, {
                httpStatus: res.statusCode ?? 0,
              }),
            );
            return;
          }
          const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
          if (type !== 'application/ipp') {
            fail(new IppError('malformed', uri, `Printer at ${uri} answered with Content-Type "${type ?? ''}", not application/ipp.`));
            return;
          }
          finish(undefined, Buffer.concat(chunks));
        });
      });
      req.end(body);
    });
  }
}

function normaliseFingerprint(text: string): string {
  const hex = text.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new TypeError(`A TLS certificate SHA-256 fingerprint has 64 hex digits (colons allowed); got "${text}".`);
  return hex.match(/../g)!.join(':');
}

function isCertificateError(error: NodeJS.ErrnoException): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(error.code ?? '');
}

let systemCertificates: readonly string[] | undefined;

/**
 * Node's bundled roots plus the system's trust store, where the office's own authority would be
 * installed: from Node when it can list it (22.15+), else from the usual bundle files.
 */
function trustedCertificates(): string[] {
  if (!systemCertificates) {
    const fromNode = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates?.('system');
    systemCertificates = fromNode ?? readSystemBundle();
  }
  return [...tls.rootCertificates, ...systemCertificates];
}

function readSystemBundle(): string[] {
  for (const file of ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem']) {
    try {
      return readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    } catch {
      // Not this distribution's path; try the next.
    }
  }
  return [];
}

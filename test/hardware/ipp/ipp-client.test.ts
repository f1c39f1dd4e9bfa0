import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IppClient } from '../../../hardware/ipp/ipp-client.js';
import { IPP_GROUP_TAGS, IPP_OPERATIONS, decodeIppMessage, encodeIppMessage, findIppAttribute, ippKeyword, ippStrings } from '../../../hardware/ipp/ipp-encoding.js';
import type { IppMessage } from '../../../hardware/ipp/ipp-encoding.js';
import { IppError } from '../../../hardware/ipp/ipp-error.js';
import { TransportError } from '../../../hardware/types.js';
import { startIppEvePrinter } from '../../support/ippeveprinter.js';
import type { IppEvePrinter } from '../../support/ippeveprinter.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('IppClient against ippeveprinter', () => {
  let printer: IppEvePrinter;
  beforeAll(async () => {
    printer = await startIppEvePrinter({ make: 'Datacard', model: 'CD800' });
  });
  afterAll(async () => {
    await printer.stop();
  });

  it('sends Get-Printer-Attributes and decodes the 1setOf answer', async () => {
    const client = new IppClient({ uri: printer.uri });
    const response = await client.request(IPP_OPERATIONS.getPrinterAttributes, {
      operation: [{ name: 'requested-attributes', values: ['printer-make-and-model', 'printer-supply', 'media-col-database'].map(ippKeyword) }],
    });
    expect(response.code).toBe(0);
    expect(ippStrings(findIppAttribute(response, 'printer-make-and-model', IPP_GROUP_TAGS.printer))).toEqual(['Datacard CD800']);
    expect(ippStrings(findIppAttribute(response, 'printer-supply'))).toHaveLength(2);
    expect(findIppAttribute(response, 'media-col-database')?.values.every((v) => v.type === 'collection')).toBe(true);
  });

  it('returns an IPP error status instead of throwing', async () => {
    const client = new IppClient({ uri: printer.uri });
    const response = await client.request(IPP_OPERATIONS.getJobAttributes, {
      operation: [{ name: 'job-id', values: [{ type: 'integer', value: 999 }] }],
    });
    expect(response.code).toBe(0x0406);
  });
});

describe('IppClient against a misbehaving HTTP peer', () => {
  let server: Server;
  let uri: string;
  let handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

  const ippAnswer = (request: IppMessage, overrides: Partial<IppMessage> = {}): Buffer =>
    encodeIppMessage({
      version: [2, 0],
      code: 0,
      requestId: request.requestId,
      groups: [{ tag: IPP_GROUP_TAGS.operation, attributes: [{ name: 'attributes-charset', values: [{ type: 'string', tag: 0x47, value: 'utf-8' }] }] }],
      data: new Uint8Array(0),
      ...overrides,
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    uri = `ipp://127.0.0.1:${(server.address() as AddressInfo).port}/printers/hdp`;
  });
  afterEach(() => {
    server.closeAllConnections();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts application/ipp to the URI path with the standard operation attributes first', async () => {
    let seen: { path?: string; type?: string; message?: IppMessage } = {};
    handler = (req, res, body) => {
      const message = decodeIppMessage(body);
      seen = { path: req.url ?? '', type: req.headers['content-type'] ?? '', message };
      res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(ippAnswer(message));
    };
    const client = new IppClient({ uri, userName: 'operator' });
    await client.request(IPP_OPERATIONS.printJob, { operation: [{ name: 'job-name', values: [{ type: 'string', tag: 0x42, value: 'x' }] }] }, Buffer.from('PNG'));
    expect(seen.path).toBe('/printers/hdp');
    expect(seen.type).toBe('application/ipp');
    const op = seen.message!.groups[0]!;
    expect(op.attributes.map((a) => a.name)).toEqual([
      'attributes-charset',
      'attributes-natural-language',
      'printer-uri',
      'requesting-user-name',
      'job-name',
    ]);
    expect(ippStrings(findIppAttribute(seen.message!, 'printer-uri'))).toEqual([uri]);
    expect(ippStrings(findIppAttribute(seen.message!, 'requesting-user-name'))).toEqual(['operator']);
    expect(Buffer.from(seen.message!.data).toString()).toBe('PNG');
  });

  it('rejects a garbled IPP body with a malformed error', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(Buffer.from([2, 0, 0, 0, 0, 0, 0, 1, 4, 0x21, 0, 1]));
    };
    const error = await rejection(new IppClient({ uri }).request(IPP_OPERATIONS.getPrinterAttributes));
    expect(error).toBeInstanceOf(IppError);
    expect(error).toMatchObject({ code: 'malformed' });
    expect((error as Error).message).toMatch(/^Printer at ipp:\/\/127\.0\.0\.1:\d+\/printers\/hdp sent an unreadable IPP response: IPP message truncated at byte 12/);
  });

  it('rejects answers that are not IPP responses to this request', async () => {
    const client = new IppClient({ uri });
    handler = (_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>');
    expect(await rejection(client.request(IPP_OPERATIONS.getPrinterAttributes))).toMatchObject({ code: 'http-status', httpStatus: 404 });
    handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>CUPS</h1>');
    expect(await rejection(client.request(IPP_OPERATIONS.getPrinterAttributes))).toMatchObject({ code: 'malformed' });
    handler = (_req, res, body) => {
      const request = decodeIppMessage(body);
      res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(ippAnswer(request, { requestId: request.requestId + 1 }));
    };
    const mismatch = await rejection(client.request(IPP_OPERATIONS.getPrinterAttributes));
    expect(mismatch).toMatchObject({ code: 'malformed' });
    expect((mismatch as Error).message).toMatch(/with request-id/);
  });

  it('bounds the response size', async () => {
    handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(Buffer.alloc(4096));
    const error = await rejection(new IppClient({ uri, maxResponseBytes: 1024 }).request(IPP_OPERATIONS.getPrinterAttributes));
    expect(error).toMatchObject({ code: 'malformed' });
    expect((error as Error).message).toMatch(/over 1024 bytes/);
  });

  it('tells a lost connection, a timeout, an abort and a close apart', async () => {
    handler = (req) => req.socket.destroy();
    expect(await rejection(new IppClient({ uri }).request(IPP_OPERATIONS.getPrinterAttributes))).toMatchObject({ code: 'disconnected' });

    handler = () => undefined; // never answers
    const slow = await rejection(new IppClient({ uri }).request(IPP_OPERATIONS.getPrinterAttributes, {}, undefined, { timeoutMs: 150 }));
    expect(slow).toBeInstanceOf(TransportError);
    expect(slow).toMatchObject({ code: 'timeout' });
    expect((slow as Error).message).toMatch(/did not answer within 150 ms/);

    const controller = new AbortController();
    const aborted = new IppClient({ uri }).request(IPP_OPERATIONS.getPrinterAttributes, {}, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(aborted)).toMatchObject({ code: 'aborted' });

    const client = new IppClient({ uri });
    const inFlight = client.request(IPP_OPERATIONS.getPrinterAttributes);
    setTimeout(() => client.close(), 50);
    expect(await rejection(inFlight)).toMatchObject({ code: 'closed' });
    expect(await rejection(client.request(IPP_OPERATIONS.getPrinterAttributes))).toMatchObject({ code: 'closed' });
  });
});

import { Duplex } from 'node:stream';

/**
 * Two connected in-memory streams: what one writes, the other reads. Destroying either ends both,
 * like a socket whose peer went away. Used to run a station's API in-process over the exact code
 * path of the Unix socket.
 */
export function duplexPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (index: 0 | 1): Duplex =>
    new Duplex({
      read() {
        // Data is pushed by the other side's write; nothing to fetch.
      },
      write(chunk: Buffer, _encoding, callback) {
        sides[1 - index]!.push(chunk);
        callback();
      },
      final(callback) {
        sides[1 - index]!.push(null);
        callback();
      },
      destroy(error, callback) {
        const other = sides[1 - index]!;
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  sides.push(make(0), make(1));
  return [sides[0]!, sides[1]!];
}

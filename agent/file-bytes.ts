// Reads a whole file into one buffer kept between calls and grown when a file does not
// fit: the agent reads /proc/net/tcp at every report, megabytes on a busy server, and
// allocating that afresh each time would be garbage for every report.
import { promises as fsp } from 'node:fs';

const INITIAL_BYTES = 256 * 1024;

export class ReusableFileReader {
  private buf = Buffer.allocUnsafe(INITIAL_BYTES);

  /** The file's bytes: a view of the reader's buffer, valid until the next read. */
  async read(file: string): Promise<Buffer> {
    const fh = await fsp.open(file, 'r');
    try {
      let len = 0;
      for (;;) {
        if (len === this.buf.length) {
          const grown = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(grown, 0, 0, len);
          this.buf = grown;
        }
        // /proc files report size 0: read until a read returns nothing.
        const { bytesRead } = await fh.read(this.buf, len, this.buf.length - len, null);
        if (bytesRead === 0) return this.buf.subarray(0, len);
        len += bytesRead;
      }
    } finally {
      await fh.close();
    }
  }
}

import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { put, type Store } from '@parley/engine';

/**
 * A real small file system (tmpfs, mounted as root like test/durability.test.ts),
 * filled up on demand so the store's writes really fail with ENOSPC, and freed again.
 * A write needs a new page once the disk is full: records over 4 KB always fail.
 */
export class SmallDisk {
  readonly folder = mkdtempSync(path.join(tmpdir(), 'parley-small-disk-'));
  private readonly ballast = path.join(this.folder, 'ballast.bin');

  constructor(megabytes = 8) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', this.folder]);
  }

  /** Takes every free byte. */
  fill(): void {
    const stats = statfsSync(this.folder);
    writeFileSync(this.ballast, Buffer.alloc(stats.bavail * stats.bsize));
    // The file system may keep a little back from what it reports: take it page by page.
    const page = Buffer.alloc(4096);
    for (;;) {
      try {
        appendFileSync(this.ballast, page);
      } catch {
        return;
      }
    }
  }

  /**
   * Fills the disk, then the room left in the store's last journal page with small
   * filler records, until the store's writes fail: from then on any write fails.
   */
  async fillUnder(store: Store): Promise<void> {
    this.fill();
    for (let number = 0; number < 1_000; number += 1) {
      try {
        await store.write([put('definitions', { id: `filler_${number}`, filler: 'x'.repeat(40) } as never)]);
      } catch {
        return;
      }
    }
    throw new Error('the store kept taking writes on a full disk');
  }

  free(): void {
    rmSync(this.ballast, { force: true });
  }

  remove(): void {
    execFileSync('umount', [this.folder]);
    rmSync(this.folder, { recursive: true, force: true });
  }
}

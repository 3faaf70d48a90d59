package dev.atmosphere.ops.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code ./atmosphere up} per data directory. A second one on the same data would fail deep inside the broker
 * ("Failed to acquire lock on file .lock …" with a stack trace) after touching nothing useful; this lock is taken
 * first and says what is going on. The operating system releases it when the process ends, however it ends, so a
 * start after a kill -9 is never refused for it.
 */
public final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code dataDir}, or fails with a message saying that another start holds it. */
  public static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve("run/up.lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process: a second stack on the same data
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("another ./atmosphere up is already running on " + dataDir
            + " — use that one, stop it first (Ctrl-C where it runs), or give this one its own data.dir");
      }
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

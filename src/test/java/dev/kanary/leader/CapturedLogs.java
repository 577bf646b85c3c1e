package dev.kanary.leader;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures the log records of Kanary's loggers ({@code dev.kanary}), down to DEBUG, with the MDC of
 * the thread that logged them, until closed.
 */
final class CapturedLogs extends Handler implements AutoCloseable {

  private final Logger logger = Logger.getLogger("dev.kanary");
  private final Level previousLevel = logger.getLevel();
  private final List<ExtLogRecord> records = new ArrayList<>();

  CapturedLogs() {
    logger.setLevel(Level.FINE);
    logger.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    ExtLogRecord captured = ExtLogRecord.wrap(record);
    captured.copyAll();
    records.add(captured);
  }

  /** The records captured so far. */
  synchronized List<ExtLogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}

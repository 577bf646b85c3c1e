package dev.kanary.notifier;

/** How serious an alert is; an alert provider receives its severity and the more serious ones. */
public enum Severity {
  /** Progress: initialization, new revision, promotion. */
  INFO,
  /** Waiting for approval, manual rollback. */
  WARN,
  /** Rollback, failed promotion. */
  ERROR
}

package dev.kanary.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Provides the clock every time-dependent decision reads, so tests can drive time. */
public class ClockProducer {

  /**
   * The system clock in UTC.
   *
   * @return the clock
   */
  @Produces
  @Singleton
  public Clock clock() {
    return Clock.systemUTC();
  }
}

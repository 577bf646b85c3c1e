package dev.kanary.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "10s, 10000",
    "1m, 60000",
    "1m30s, 90000",
    "500ms, 500",
    "1.5s, 1500",
    "2h, 7200000",
    "0s, 0",
  })
  void parsesGoDurations(String text, long millis) {
    assertEquals(Optional.of(Duration.ofMillis(millis)), Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"10x", "10", "s", "1m 30s", "-1s", "10sx", "''"})
  void rejectsMalformedDurations(String text) {
    assertEquals(Optional.empty(), Durations.parse(text));
  }
}

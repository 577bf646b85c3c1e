package dev.kanary.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests the number and timestamp texts Prometheus' JSON API uses. */
class ExpositionTest {

  @ParameterizedTest
  @CsvSource({
    "97, 97",
    "0.5, 0.5",
    "-2.25, -2.25",
    "1800000, 1800000",
    "99.09909909909909, 99.09909909909909",
    "0.000001, 0.000001",
    "0.0000001, 1e-07",
    "1.5e21, 1.5e+21",
    "1e300, 1e+300",
    "NaN, NaN",
    "Infinity, +Inf",
    "-Infinity, -Inf"
  })
  void printsNumbersAsPrometheus(double value, String text) {
    assertEquals(text, Exposition.number(value));
  }

  @ParameterizedTest
  @CsvSource({
    "1700000000000, 1700000000",
    "1700000000500, 1700000000.500",
    "1700000000050, 1700000000.050",
    "1700000000007, 1700000000.007",
    "-1500, -1.500"
  })
  void printsTimestampsAsPrometheus(long millis, String text) {
    assertEquals(text, Exposition.timestamp(millis));
  }
}

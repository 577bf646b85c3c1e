package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {

  @ParameterizedTest
  @CsvSource({
    "99, 99",
    "99.5, 99.5",
    "0.5, 0.5",
    "500, 500",
    "123456, 123456",
    "1000000, 1e+06",
    "1234567, 1.234567e+06",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "-2.5, -2.5",
    "0, 0",
  })
  void printsNumbersLikePercentV(double value, String expected) {
    assertEquals(expected, GoFormat.number(value));
  }

  @ParameterizedTest
  @CsvSource({
    "69.1666, 69.17",
    "99.5, 99.50",
    "0.125, 0.12",
    "0.375, 0.38",
    "2.675, 2.67",
    "100, 100.00",
    "-1.005, -1.00",
  })
  void printsTwoDecimalsLikeGo(double value, String expected) {
    assertEquals(expected, GoFormat.twoDecimals(value));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "1, 1ms",
    "500, 500ms",
    "999, 999ms",
    "1000, 1s",
    "1500, 1.5s",
    "1250, 1.25s",
    "1001, 1.001s",
    "60000, 1m0s",
    "90500, 1m30.5s",
    "3600000, 1h0m0s",
    "3661500, 1h1m1.5s",
    "-1500, -1.5s",
  })
  void printsDurationsLikeGo(long millis, String expected) {
    assertEquals(expected, GoFormat.duration(millis));
  }
}

package dev.kanary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.ThresholdRange;
import dev.kanary.metrics.Thresholds.Kind;
import dev.kanary.metrics.Thresholds.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdsTest {

  @ParameterizedTest(name = "{0} {1} min={2} max={3} threshold={4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // kind | value | min | max | threshold | passed | reported min | reported max | message
        "SUCCESS_RATE | 99.5 | 99 | - | - | true | 99 | - | request-success-rate 99.50%",
        "SUCCESS_RATE | 69.1666 | 99 | - | - | false | 99 | - |"
            + " Halt podinfo.test advancement success rate 69.17% < 99%",
        "SUCCESS_RATE | 99 | 99 | - | - | true | 99 | - | request-success-rate 99.00%",
        "SUCCESS_RATE | 98.999 | 99.5 | - | - | false | 99.5 | - |"
            + " Halt podinfo.test advancement success rate 99.00% < 99.5%",
        "SUCCESS_RATE | 100 | 50 | 99 | - | false | 50 | 99 |"
            + " Halt podinfo.test advancement success rate 100.00% > 99%",
        "SUCCESS_RATE | 90 | - | - | 95 | false | 95 | - |"
            + " Halt podinfo.test advancement success rate 90.00% < 95%",
        "SUCCESS_RATE | 96 | - | - | 95 | true | 95 | - | request-success-rate 96.00%",
        "SUCCESS_RATE | 12 | - | - | - | true | 0 | - | request-success-rate 12.00%",
        "REQUEST_DURATION | 350.9 | - | 500 | - | true | - | 500 | request-duration 350ms",
        "REQUEST_DURATION | 1500.7 | - | 500 | - | false | - | 500 |"
            + " Halt podinfo.test advancement request duration 1.5s > 500ms",
        "REQUEST_DURATION | 500.9 | - | 500 | - | true | - | 500 | request-duration 500ms",
        "REQUEST_DURATION | 5 | 10 | 500.5 | - | false | 10 | 500 |"
            + " Halt podinfo.test advancement request duration 5ms < 10ms",
        "REQUEST_DURATION | 61000 | - | - | 60000 | false | - | 60000 |"
            + " Halt podinfo.test advancement request duration 1m1s > 1m0s",
        "REQUEST_DURATION | 1 | - | - | - | false | - | 0 |"
            + " Halt podinfo.test advancement request duration 1ms > 0s",
        "CUSTOM | 0.0123 | - | 0.01 | - | false | - | 0.01 |"
            + " Halt podinfo.test advancement error-rate 0.01 > 0.01",
        "CUSTOM | 3.14159 | 5 | 10 | - | false | 5 | 10 |"
            + " Halt podinfo.test advancement error-rate 3.14 < 5",
        "CUSTOM | 7 | 5 | 10 | - | true | 5 | 10 | error-rate 7.00",
        "CUSTOM | 2 | - | - | 1 | false | - | 1 | Halt podinfo.test advancement error-rate 2.00 > 1",
        "CUSTOM | 0 | - | - | - | true | - | 0 | error-rate 0.00",
        "CUSTOM | 0.5 | - | - | - | false | - | 0 |"
            + " Halt podinfo.test advancement error-rate 0.50 > 0",
      })
  void evaluatesBoundsAndWordsFailuresAsFlagger(
      Kind kind,
      double value,
      Double min,
      Double max,
      Double threshold,
      boolean passed,
      Double reportedMin,
      Double reportedMax,
      String message) {
    CanaryMetric metric = new CanaryMetric();
    metric.name =
        switch (kind) {
          case SUCCESS_RATE -> "request-success-rate";
          case REQUEST_DURATION -> "request-duration";
          case CUSTOM -> "error-rate";
        };
    metric.threshold = threshold;
    if (min != null || max != null) {
      metric.thresholdRange = new ThresholdRange();
      metric.thresholdRange.min = min;
      metric.thresholdRange.max = max;
    }
    Verdict verdict = Thresholds.evaluate(kind, "podinfo", "test", metric, value);
    assertEquals(passed, verdict.passed(), verdict.message());
    assertEquals(reportedMin, verdict.min());
    assertEquals(reportedMax, verdict.max());
    assertEquals(message, verdict.message());
  }
}

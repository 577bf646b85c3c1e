package dev.kanary.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AnalysisMatch;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canary details added to initialization and new-revision alerts. */
class AlertDetailsTest {

  static Stream<Arguments> routings() {
    return Stream.of(
        routing("step and max", a -> a.maxWeight = 50, "Weight step: 10 max: 50"),
        routing("step, default max", a -> a.maxWeight = null, "Weight step: 10 max: 100"),
        routing(
            "steps",
            a -> {
              a.stepWeight = null;
              a.maxWeight = null;
              a.stepWeights = List.of(1, 10, 80);
            },
            "Weight steps: 1,10,80 max: 80"),
        routing(
            "steps and max",
            a -> {
              a.stepWeight = 0;
              a.maxWeight = 50;
              a.stepWeights = List.of(5, 25, 50);
            },
            "Weight steps: 5,25,50 max: 50"),
        routing(
            "A/B",
            a -> {
              a.stepWeight = null;
              a.iterations = 10;
              a.match = List.of(new AnalysisMatch());
            },
            "A/B Testing"),
        routing(
            "Blue/Green",
            a -> {
              a.stepWeight = null;
              a.iterations = 10;
            },
            "Blue/Green"));
  }

  private static Arguments routing(String name, Consumer<CanaryAnalysis> change, String expected) {
    return Arguments.of(name, change, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routings")
  void describesTheTrafficRouting(String name, Consumer<CanaryAnalysis> change, String expected) {
    Canary canary = Fixtures.canary();
    change.accept(canary.getSpec().analysis);

    List<Message.Field> fields = AlertDetails.of(canary);

    assertEquals(new Message.Field("Traffic routing", expected), fields.get(3));
  }

  @Test
  void describesTargetThresholdAndDeadline() {
    Canary canary = Fixtures.canary();
    canary.getSpec().targetRef.kind = "DaemonSet";
    canary.getSpec().analysis.threshold = 5;
    canary.getSpec().progressDeadlineSeconds = 60;

    assertEquals(
        List.of(
            new Message.Field("Target", "DaemonSet/podinfo.test"),
            new Message.Field("Failed checks threshold", "5"),
            new Message.Field("Progress deadline", "60s"),
            new Message.Field("Traffic routing", "Weight step: 10 max: 50")),
        AlertDetails.of(canary));
  }

  @Test
  void usesTheDeprecatedCanaryAnalysisAndDefaults() {
    Canary canary = Fixtures.canary();
    canary.getSpec().canaryAnalysis = canary.getSpec().analysis;
    canary.getSpec().analysis = null;
    canary.getSpec().canaryAnalysis.threshold = 0;

    List<Message.Field> fields = AlertDetails.of(canary);

    assertEquals(new Message.Field("Failed checks threshold", "1"), fields.get(1));
    assertEquals(new Message.Field("Progress deadline", "600s"), fields.get(2));
    assertEquals(new Message.Field("Traffic routing", "Weight step: 10 max: 50"), fields.get(3));
  }
}

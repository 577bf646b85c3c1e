package dev.kanary.notifier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.spec.AlertProviderSpec;
import dev.kanary.api.v1beta1.spec.CanaryAlert;
import dev.kanary.api.v1beta1.spec.CrossNamespaceReference;
import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.canary.EngineHarness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts over whole rollouts driven by the engine: each AlertProvider receives exactly the messages
 * its severity lets through, over a real HTTP receiver.
 */
class RolloutAlertsTest {

  private final Receiver all = new Receiver();
  private final Receiver errors = new Receiver();

  @AfterEach
  void close() {
    all.close();
    errors.close();
  }

  @Test
  void aPromotionAndARollbackReachEachProviderByItsSeverity() {
    DefaultAlertSender sender =
        new DefaultAlertSender(
            Fixtures.config(Map.of()),
            (namespace, name) -> Optional.of(provider(name)),
            (namespace, name) -> Optional.empty(),
            new SimpleMeterRegistry());
    EngineHarness h = new EngineHarness("backend-canary.yaml", sender);
    h.canary.getSpec().analysis.threshold = 2;
    h.canary.getSpec().analysis.alerts =
        new ArrayList<>(List.of(alert("all", "info"), alert("errors", "error")));

    h.initializeAndChangeRevision();
    h.stepUntil(CanaryPhase.SUCCEEDED);
    h.workloads.revision = "00000000000000f6";
    h.step();
    h.step();
    h.step();
    h.metrics.values.put("request-success-rate", 61.39);
    h.stepUntil(CanaryPhase.FAILED);

    List<String> expectedAll =
        List.of(
            "New Deployment detected, initialization completed.",
            "New revision detected, progressing canary analysis.",
            "Canary analysis completed successfully, promotion finished.",
            "New revision detected, progressing canary analysis.",
            "Failed checks threshold reached 2");
    await().atMost(Duration.ofSeconds(10)).until(() -> all.requests().size() == expectedAll.size());
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.requests().size() == 1);
    assertEquals(sorted(expectedAll), sorted(texts(all)), "deliveries are asynchronous: any order");
    assertEquals(List.of("Failed checks threshold reached 2"), texts(errors));

    JsonNode failure = errors.requests().get(0).json().get("attachments").get(0);
    assertEquals("danger", failure.get("color").asText());
    String fields = failure.get("fields").toString();
    assertTrue(fields.contains("request-success-rate"), fields);
    assertTrue(fields.contains("Failed: 61.39 (expected >= 99)"), fields);
  }

  private static List<String> sorted(List<String> texts) {
    return texts.stream().sorted().toList();
  }

  private static List<String> texts(Receiver receiver) {
    return receiver.requests().stream()
        .map(r -> r.json().get("attachments").get(0).get("text").asText())
        .toList();
  }

  private AlertProvider provider(String name) {
    AlertProvider provider = new AlertProvider();
    provider.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("prod").build());
    provider.setSpec(new AlertProviderSpec());
    provider.getSpec().type = "slack";
    provider.getSpec().address = ("all".equals(name) ? all : errors).url() + "/hook";
    return provider;
  }

  private static CanaryAlert alert(String provider, String severity) {
    CanaryAlert alert = new CanaryAlert();
    alert.name = provider;
    alert.severity = severity;
    alert.providerRef = new CrossNamespaceReference();
    alert.providerRef.name = provider;
    return alert;
  }
}

package dev.kanary.notifier;

import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AlertProviderSpec;
import dev.kanary.api.v1beta1.spec.CanaryAlert;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanarySpec;
import dev.kanary.api.v1beta1.spec.CrossNamespaceReference;
import dev.kanary.api.v1beta1.spec.TargetReference;
import dev.kanary.config.KanaryConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Canaries, AlertProviders and configurations for the notifier tests. */
final class Fixtures {

  private Fixtures() {}

  /** A canary {@code podinfo.test} targeting the Deployment {@code podinfo}, without alerts. */
  static Canary canary() {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("test").build());
    canary.setSpec(new CanarySpec());
    canary.getSpec().targetRef = new TargetReference();
    canary.getSpec().targetRef.apiVersion = "apps/v1";
    canary.getSpec().targetRef.kind = "Deployment";
    canary.getSpec().targetRef.name = "podinfo";
    canary.getSpec().analysis = new CanaryAnalysis();
    canary.getSpec().analysis.stepWeight = 10;
    canary.getSpec().analysis.maxWeight = 50;
    return canary;
  }

  /** Adds an alert to a canary's {@code spec.analysis}. */
  static Canary withAlert(Canary canary, String severity, String provider, String namespace) {
    CanaryAlert alert = new CanaryAlert();
    alert.name = "on-call";
    alert.severity = severity;
    alert.providerRef = new CrossNamespaceReference();
    alert.providerRef.name = provider;
    alert.providerRef.namespace = namespace;
    if (canary.getSpec().analysis.alerts == null) {
      canary.getSpec().analysis.alerts = new ArrayList<>();
    }
    canary.getSpec().analysis.alerts.add(alert);
    return canary;
  }

  /** An AlertProvider with an inline address. */
  static AlertProvider provider(String namespace, String name, String type, String address) {
    AlertProvider provider = new AlertProvider();
    provider.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    provider.setSpec(new AlertProviderSpec());
    provider.getSpec().type = type;
    provider.getSpec().address = address;
    return provider;
  }

  /** A lookup that finds exactly these AlertProviders. */
  static AlertProviderLookup lookup(AlertProvider... providers) {
    return (namespace, name) ->
        List.of(providers).stream()
            .filter(p -> p.getMetadata().getNamespace().equals(namespace))
            .filter(p -> p.getMetadata().getName().equals(name))
            .findFirst();
  }

  /** The operator's configuration with these {@code kanary.*} properties. */
  static KanaryConfig config(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(KanaryConfig.class)
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .build();
    return config.getConfigMapping(KanaryConfig.class);
  }

  /** How many deliveries a counter recorded. */
  static double count(MeterRegistry registry, String provider, String result) {
    Counter counter =
        registry
            .find(DefaultAlertSender.COUNTER)
            .tags("provider", provider, "result", result)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}

package dev.kanary.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.spec.MetricProviderSpec;
import dev.kanary.api.v1beta1.spec.MetricTemplateSpec;
import dev.kanary.api.v1beta1.spec.SecretReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricTemplateValidatorTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // type, address, secret name, secret keys (null: no such Secret), valid, reason, message
        Arguments.of(
            "prometheus",
            "http://prometheus:9090",
            null,
            null,
            true,
            "Valid",
            "provider prometheus at http://prometheus:9090"),
        Arguments.of(
            "prometheus",
            null,
            null,
            null,
            false,
            "InvalidSpec",
            "spec.provider.address is required for provider type prometheus"),
        Arguments.of(
            "prometheus",
            "prometheus:9090",
            null,
            null,
            false,
            "InvalidSpec",
            "spec.provider.address is not an absolute http(s) URL"),
        Arguments.of(
            "prometheus",
            "https://user:pw@prom.example.com",
            "prom-auth",
            Map.of("token", "t"),
            true,
            "Valid",
            "at https://prom.example.com"),
        Arguments.of(
            "prometheus",
            "http://p:9090",
            "prom-auth",
            Map.of("username", "u"),
            false,
            "SecretKeyMissing",
            "needs: token, or password and username"),
        Arguments.of(
            "prometheus",
            "http://p:9090",
            "prom-auth",
            null,
            false,
            "SecretNotFound",
            "Secret prod/prom-auth not found"),
        Arguments.of(
            "datadog",
            null,
            null,
            null,
            false,
            "InvalidSpec",
            "spec.provider.secretRef is required for provider type datadog"),
        Arguments.of(
            "datadog",
            null,
            "dd",
            Map.of("datadog_api_key", "a", "datadog_application_key", "b"),
            true,
            "Valid",
            "MetricTemplate is valid: provider datadog"),
        Arguments.of(
            "newrelic",
            null,
            "nr",
            Map.of("newrelic_account_id", "1"),
            false,
            "SecretKeyMissing",
            "newrelic_account_id and newrelic_query_key"),
        Arguments.of(
            "dynatrace",
            "https://x.live.dynatrace.com",
            "dt",
            Map.of("dynatrace_token", "t"),
            true,
            "Valid",
            "provider dynatrace at https://x.live.dynatrace.com"),
        Arguments.of(
            "graphite",
            "http://graphite",
            null,
            null,
            true,
            "Valid",
            "provider graphite at http://graphite"),
        Arguments.of(
            "prometheus",
            "http://prometheus:9090",
            null,
            null,
            true,
            "Valid",
            "at http://prometheus:9090"),
        Arguments.of(
            "influxdb",
            "http://influx:8086",
            "influx",
            Map.of("org", "o"),
            false,
            "SecretKeyMissing",
            "needs: org and token"),
        Arguments.of(
            "splunk",
            "https://api.signalfx.com",
            "sf",
            Map.of("sf_token_key", "t"),
            false,
            "UnsupportedProvider",
            "provider type 'splunk' is not supported by Kanary yet"),
        Arguments.of(
            "keptn",
            null,
            null,
            null,
            false,
            "UnsupportedProvider",
            "supported: datadog, dynatrace, graphite, influxdb, newrelic, prometheus"),
        Arguments.of(
            "prometheus2",
            "http://p",
            null,
            null,
            false,
            "UnknownProvider",
            "unknown provider type 'prometheus2'"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("cases")
  void validatesProviderAddressAndSecret(
      String type,
      String address,
      String secretName,
      Map<String, String> keys,
      boolean valid,
      String reason,
      String message) {
    MetricTemplate template = new MetricTemplate();
    template.setMetadata(new ObjectMetaBuilder().withName("t").withNamespace("prod").build());
    template.setSpec(new MetricTemplateSpec());
    template.getSpec().query = "sum(up)";
    template.getSpec().provider = new MetricProviderSpec();
    template.getSpec().provider.type = type;
    template.getSpec().provider.address = address;
    if (secretName != null) {
      template.getSpec().provider.secretRef = new SecretReference();
      template.getSpec().provider.secretRef.name = secretName;
    }
    SecretLookup secrets =
        (ns, name) ->
            keys != null && "prod".equals(ns) && name.equals(secretName)
                ? Optional.of(secret(name, keys))
                : Optional.empty();

    Validation validation = new MetricTemplateValidator(secrets).validate(template);

    assertEquals(valid, validation.valid(), validation.message());
    assertEquals(reason, validation.reason());
    assertTrue(validation.message().contains(message), validation.message());
    assertTrue(!validation.message().contains("pw@"), "credentials never shown");
  }

  private static Secret secret(String name, Map<String, String> keys) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withStringData(keys)
        .build();
  }
}

package dev.kanary.validation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each MetricTemplate provider type needs: an address, a Secret and which keys in it.
 *
 * @param type the provider type, as written in {@code spec.provider.type}
 * @param supported whether Kanary queries this provider
 * @param addressRequired whether {@code spec.provider.address} must be set
 * @param secretRequired whether {@code spec.provider.secretRef} must be set
 * @param keySets the sets of Secret keys that are each enough; the Secret must hold every key of at
 *     least one set (no sets: any Secret will do)
 */
public record MetricProviderRequirements(
    String type,
    boolean supported,
    boolean addressRequired,
    boolean secretRequired,
    List<Set<String>> keySets) {

  private static final Map<String, MetricProviderRequirements> BY_TYPE =
      Map.ofEntries(
          entry(
              supported(
                  "prometheus", true, false, Set.of("token"), Set.of("username", "password"))),
          entry(
              supported(
                  "datadog", false, true, Set.of("datadog_api_key", "datadog_application_key"))),
          entry(
              supported(
                  "newrelic", false, true, Set.of("newrelic_account_id", "newrelic_query_key"))),
          entry(supported("graphite", true, false, Set.of("username", "password"))),
          entry(supported("influxdb", true, false, Set.of("token", "org"))),
          entry(supported("dynatrace", true, true, Set.of("dynatrace_token"))),
          entry(unsupported("cloudwatch")),
          entry(unsupported("stackdriver")),
          entry(unsupported("splunk")),
          entry(unsupported("keptn")),
          entry(unsupported("externalmetrics")));

  /**
   * Looks up the requirements of a provider type.
   *
   * @param type the provider type
   * @return its requirements, or empty for a type Kanary does not know
   */
  public static Optional<MetricProviderRequirements> of(String type) {
    return Optional.ofNullable(type).map(BY_TYPE::get);
  }

  /**
   * The provider types Kanary validates, sorted.
   *
   * @return their names
   */
  public static List<String> supportedTypes() {
    return BY_TYPE.values().stream()
        .filter(MetricProviderRequirements::supported)
        .map(MetricProviderRequirements::type)
        .sorted()
        .toList();
  }

  @SafeVarargs
  private static MetricProviderRequirements supported(
      String type, boolean addressRequired, boolean secretRequired, Set<String>... keySets) {
    return new MetricProviderRequirements(
        type, true, addressRequired, secretRequired, List.of(keySets));
  }

  private static MetricProviderRequirements unsupported(String type) {
    return new MetricProviderRequirements(type, false, false, false, List.of());
  }

  private static Map.Entry<String, MetricProviderRequirements> entry(
      MetricProviderRequirements requirements) {
    return Map.entry(requirements.type(), requirements);
  }
}

package dev.kanary.metrics;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.CanaryMetric;
import dev.kanary.api.v1beta1.spec.CrossNamespaceReference;
import dev.kanary.api.v1beta1.spec.MetricProviderSpec;
import dev.kanary.canary.Durations;
import dev.kanary.config.KanaryConfig;
import dev.kanary.metrics.BuiltinQueries.BuiltinQuery;
import dev.kanary.metrics.MetricResult.Outcome;
import dev.kanary.metrics.PrometheusClient.Credentials;
import dev.kanary.metrics.Thresholds.Kind;
import dev.kanary.validation.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Evaluates metric checks: the builtin metrics and inline queries against the canary's {@code
 * spec.metricsServer} or the operator's metrics server (Prometheus), and MetricTemplates against
 * their own provider and address with their Secret's credentials: {@code prometheus}, and the
 * providers {@link MetricProviders} builds ({@code datadog}, {@code newrelic}, {@code graphite},
 * {@code influxdb}, {@code dynatrace}). Templates of other types are reported as not supported yet.
 *
 * <p>A check is one of three things, in this order of precedence: a {@code templateRef}, an inline
 * {@code query}, or a builtin metric name ({@code request-success-rate}, {@code request-duration}).
 * Flagger ran both the builtin and the template or query when a check had a builtin name and a
 * template or query; Kanary runs only the template or query the user wrote.
 *
 * <p>The builtin queries are those of the canary's provider ({@code spec.provider}, else the mesh
 * provider); as in Flagger, when the mesh provider is Linkerd and the canary names a provider (an
 * ingress in front of the mesh), Linkerd's queries are used. No data (an empty result or NaN) is an
 * {@link Outcome#ERROR} with Flagger's "no values found" message, and so is every failure to query.
 * Messages never contain a Secret's value or an address with credentials.
 *
 * <p>The evaluator holds no state beyond its collaborators: it may be built per reconciliation
 * around the informer caches that {@link TemplateLookup} and {@link SecretLookup} read, while the
 * {@link HttpClients} are shared.
 */
public final class DefaultMetricEvaluator implements MetricEvaluator {

  /** How long one query may take, as in Flagger. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(DefaultMetricEvaluator.class);
  private static final String PROMETHEUS = "prometheus";

  private final String metricsServer;
  private final String meshProvider;
  private final TemplateLookup templates;
  private final SecretLookup secrets;
  private final HttpClients http;
  private final Duration timeout;
  private final Clock clock;

  /**
   * Creates an evaluator whose template providers compute their time windows from the system clock.
   *
   * @param metricsServer the Prometheus URL of canaries that name no {@code spec.metricsServer}
   * @param meshProvider the provider of canaries that name no {@code spec.provider}
   * @param templates where referenced MetricTemplates are looked up
   * @param secrets where the templates' Secrets are looked up
   * @param http the shared HTTP clients
   * @param timeout how long one query may take
   */
  public DefaultMetricEvaluator(
      String metricsServer,
      String meshProvider,
      TemplateLookup templates,
      SecretLookup secrets,
      HttpClients http,
      Duration timeout) {
    this(metricsServer, meshProvider, templates, secrets, http, timeout, Clock.systemUTC());
  }

  /**
   * Creates an evaluator.
   *
   * @param metricsServer the Prometheus URL of canaries that name no {@code spec.metricsServer}
   * @param meshProvider the provider of canaries that name no {@code spec.provider}
   * @param templates where referenced MetricTemplates are looked up
   * @param secrets where the templates' Secrets are looked up
   * @param http the shared HTTP clients
   * @param timeout how long one query may take
   * @param clock the clock that template providers compute their time windows from
   */
  public DefaultMetricEvaluator(
      String metricsServer,
      String meshProvider,
      TemplateLookup templates,
      SecretLookup secrets,
      HttpClients http,
      Duration timeout,
      Clock clock) {
    this.metricsServer = metricsServer;
    this.meshProvider = meshProvider;
    this.templates = templates;
    this.secrets = secrets;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Creates an evaluator with the operator's metrics server and mesh provider and the default
   * timeout.
   *
   * @param config the operator's configuration
   * @param templates where referenced MetricTemplates are looked up
   * @param secrets where the templates' Secrets are looked up
   * @param http the shared HTTP clients
   * @return the evaluator
   */
  public static DefaultMetricEvaluator of(
      KanaryConfig config, TemplateLookup templates, SecretLookup secrets, HttpClients http) {
    return new DefaultMetricEvaluator(
        config.metricsServer(), config.meshProvider(), templates, secrets, http, DEFAULT_TIMEOUT);
  }

  @Override
  public MetricResult evaluate(Canary canary, CanaryMetric metric) {
    try {
      if (metric.templateRef != null) {
        return evaluateTemplate(canary, metric);
      }
      if (notBlank(metric.query)) {
        return evaluateInline(canary, metric);
      }
      if (BuiltinQueries.isBuiltin(metric.name)) {
        return evaluateBuiltin(canary, metric);
      }
      return error(
          metric,
          PROMETHEUS,
          "Metric query failed for no usable metrics template and query were configured");
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s: metric %s could not be evaluated", id(canary), metric.name);
      return error(metric, PROMETHEUS, "Metric query failed for " + metric.name + ": " + e);
    }
  }

  @Override
  public Optional<String> checkProviders(Canary canary) {
    try {
      return Optional.ofNullable(firstUnavailable(canary));
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s: metric providers could not be checked", id(canary));
      return Optional.of("metric providers could not be checked: " + e);
    }
  }

  /**
   * The provider whose builtin queries a canary's builtin metrics run.
   *
   * @param canary the canary
   * @return {@code spec.provider}, or the mesh provider; Linkerd when the mesh provider is Linkerd
   *     and the canary names a provider
   */
  private String builtinProvider(Canary canary) {
    String provider = canary.getSpec().provider;
    if (!notBlank(provider)) {
      return meshProvider;
    }
    return meshProvider != null && meshProvider.contains("linkerd") ? "linkerd" : provider;
  }

  private MetricResult evaluateBuiltin(Canary canary, CanaryMetric metric) {
    String provider = builtinProvider(canary);
    BuiltinQuery query;
    try {
      query = BuiltinQueries.render(provider, metric.name, TemplateModel.of(canary, metric));
    } catch (IllegalArgumentException e) {
      return error(metric, PROMETHEUS, "Prometheus query failed: " + e.getMessage());
    }
    Kind kind =
        BuiltinQueries.REQUEST_SUCCESS_RATE.equals(metric.name)
            ? Kind.SUCCESS_RATE
            : Kind.REQUEST_DURATION;
    double value;
    try {
      value = run(canary, metric, builtinPrometheus(canary), query.promql()) * query.scale();
    } catch (PrometheusException e) {
      if (e.noValues()) {
        return error(
            metric,
            PROMETHEUS,
            "Halt advancement no values found for "
                + provider
                + " metric "
                + metric.name
                + " probably "
                + canary.getSpec().targetRef.name
                + "."
                + canary.getMetadata().getNamespace()
                + " is not receiving traffic: "
                + e.getMessage());
      }
      return error(metric, PROMETHEUS, "Prometheus query failed: " + e.getMessage());
    }
    return verdict(canary, metric, kind, value);
  }

  private MetricResult evaluateInline(Canary canary, CanaryMetric metric) {
    double value;
    try {
      value =
          run(
              canary,
              metric,
              builtinPrometheus(canary),
              BuiltinQueries.collapseWhitespace(metric.query));
    } catch (PrometheusException e) {
      if (e.noValues()) {
        return error(
            metric, PROMETHEUS, "Halt advancement no values found for metric: " + metric.name);
      }
      return error(
          metric, PROMETHEUS, "Prometheus query failed for " + metric.name + ": " + e.getMessage());
    }
    return verdict(canary, metric, Kind.CUSTOM, value);
  }

  private MetricResult evaluateTemplate(Canary canary, CanaryMetric metric) {
    Resolved resolved;
    try {
      resolved = resolve(canary, metric);
    } catch (ConfigurationProblem e) {
      return error(metric, e.provider, e.getMessage());
    }
    String query;
    try {
      if (!notBlank(resolved.template.getSpec().query)) {
        throw new QueryTemplateException("spec.query is empty");
      }
      query =
          BuiltinQueries.collapseWhitespace(
              QueryTemplate.render(
                  resolved.template.getSpec().query, TemplateModel.of(canary, metric)));
    } catch (QueryTemplateException e) {
      return error(
          metric,
          resolved.type,
          "Metric template " + resolved.id + " query render error: " + e.getMessage());
    }
    if (resolved.provider != null) {
      return evaluateProvider(canary, metric, resolved.provider, query);
    }
    double value;
    try {
      value = run(canary, metric, resolved.client, query);
    } catch (PrometheusException e) {
      if (e.noValues()) {
        return error(
            metric,
            PROMETHEUS,
            "Halt advancement no values found for custom metric: "
                + metric.name
                + ": "
                + e.getMessage());
      }
      return error(
          metric, PROMETHEUS, "Metric query failed for " + metric.name + ": " + e.getMessage());
    }
    return verdict(canary, metric, Kind.CUSTOM, value);
  }

  private MetricResult evaluateProvider(
      Canary canary, CanaryMetric metric, MetricProvider provider, String query) {
    double value;
    try {
      LOG.debugf("%s: metric %s %s query %s", id(canary), metric.name, provider.type(), query);
      value = provider.runQuery(query);
      LOG.debugf("%s: metric %s value %s", id(canary), metric.name, value);
    } catch (MetricProviderException e) {
      if (e.noValues()) {
        return error(
            metric,
            provider.type(),
            "Halt advancement no values found for custom metric: "
                + metric.name
                + ": "
                + e.getMessage());
      }
      return error(
          metric,
          provider.type(),
          "Metric query failed for " + metric.name + ": " + e.getMessage());
    }
    return verdict(canary, metric, provider.type(), Kind.CUSTOM, value);
  }

  private String firstUnavailable(Canary canary) {
    List<CanaryMetric> metrics = metrics(canary);
    boolean builtin =
        metrics.stream()
            .anyMatch(
                m ->
                    m.templateRef == null
                        && (notBlank(m.query) || BuiltinQueries.isBuiltin(m.name)));
    if (builtin) {
      try {
        PrometheusClient client = builtinPrometheus(canary);
        if (!client.isOnline()) {
          return "prometheus "
              + client.address()
              + " is not available: "
              + PrometheusClient.ONLINE_QUERY
              + " did not return 1";
        }
      } catch (PrometheusException e) {
        return "prometheus is not available: " + e.getMessage();
      }
    }
    Set<String> checked = new HashSet<>();
    for (CanaryMetric metric : metrics) {
      if (metric.templateRef == null
          || !checked.add(namespace(canary, metric.templateRef) + "/" + metric.templateRef.name)) {
        continue;
      }
      try {
        Resolved resolved = resolve(canary, metric);
        if (resolved.provider != null) {
          if (!resolved.provider.isOnline()) {
            return resolved.type + " in metric template " + resolved.id + " is not available";
          }
          continue;
        }
        if (!resolved.client.isOnline()) {
          return "prometheus in metric template "
              + resolved.id
              + " is not available: "
              + PrometheusClient.ONLINE_QUERY
              + " did not return 1";
        }
      } catch (ConfigurationProblem e) {
        return e.getMessage();
      } catch (PrometheusException e) {
        String id = metric.templateRef.name + "." + namespace(canary, metric.templateRef);
        return "prometheus in metric template " + id + " is not available: " + e.getMessage();
      } catch (MetricProviderException e) {
        String id = metric.templateRef.name + "." + namespace(canary, metric.templateRef);
        return "metric template " + id + " is not available: " + e.getMessage();
      }
    }
    return null;
  }

  private double run(Canary canary, CanaryMetric metric, PrometheusClient client, String query)
      throws PrometheusException {
    LOG.debugf("%s: metric %s query %s", id(canary), metric.name, query);
    double value = client.query(query);
    LOG.debugf("%s: metric %s value %s", id(canary), metric.name, value);
    return value;
  }

  private PrometheusClient builtinPrometheus(Canary canary) throws PrometheusException {
    return new PrometheusClient(http.get(false), server(canary), Credentials.none(), null, timeout);
  }

  private String server(Canary canary) {
    String own = canary.getSpec().metricsServer;
    return notBlank(own) ? own : metricsServer;
  }

  private Resolved resolve(Canary canary, CanaryMetric metric) throws ConfigurationProblem {
    CrossNamespaceReference ref = metric.templateRef;
    String namespace = namespace(canary, ref);
    String id = ref.name + "." + namespace;
    MetricTemplate template =
        templates
            .find(namespace, ref.name)
            .orElseThrow(
                () ->
                    new ConfigurationProblem(
                        PROMETHEUS,
                        "Metric template "
                            + id
                            + " error: MetricTemplate "
                            + namespace
                            + "/"
                            + ref.name
                            + " not found"));
    if (template.getSpec() == null || template.getSpec().provider == null) {
      throw new ConfigurationProblem(
          PROMETHEUS, "Metric template " + id + " error: spec.provider is missing");
    }
    MetricProviderSpec provider = template.getSpec().provider;
    if (MetricProviders.supports(provider.type)) {
      return resolveProvider(namespace, id, template, metric);
    }
    if (!PROMETHEUS.equals(provider.type)) {
      throw new ConfigurationProblem(
          String.valueOf(provider.type),
          "Metric template "
              + id
              + " provider "
              + provider.type
              + " error: provider type "
              + provider.type
              + " is not supported yet");
    }
    Credentials credentials = credentials(namespace, id, provider);
    try {
      PrometheusClient client =
          new PrometheusClient(
              http.get(Boolean.TRUE.equals(provider.insecureSkipVerify)),
              provider.address,
              credentials,
              provider.headers,
              timeout);
      return new Resolved(id, PROMETHEUS, template, client, null);
    } catch (PrometheusException e) {
      throw new ConfigurationProblem(
          PROMETHEUS, "Metric template " + id + " provider prometheus error: " + e.getMessage());
    }
  }

  private Resolved resolveProvider(
      String namespace, String id, MetricTemplate template, CanaryMetric metric)
      throws ConfigurationProblem {
    MetricProviderSpec provider = template.getSpec().provider;
    String prefix = "Metric template " + id + " provider " + provider.type + " error: ";
    String text = notBlank(metric.interval) ? metric.interval : TemplateModel.DEFAULT_INTERVAL;
    Duration interval =
        Durations.parse(text)
            .filter(d -> !d.isZero())
            .orElseThrow(
                () ->
                    new ConfigurationProblem(
                        provider.type, prefix + "error parsing metric interval '" + text + "'"));
    ProviderSettings settings =
        new ProviderSettings(
            http.get(Boolean.TRUE.equals(provider.insecureSkipVerify)),
            provider.address,
            secretValues(namespace, id, provider),
            interval,
            clock,
            timeout);
    try {
      return new Resolved(
          id, provider.type, template, null, MetricProviders.create(provider.type, settings));
    } catch (MetricProviderException e) {
      throw new ConfigurationProblem(provider.type, prefix + e.getMessage());
    }
  }

  private Credentials credentials(String namespace, String id, MetricProviderSpec provider)
      throws ConfigurationProblem {
    Map<String, String> values = secretValues(namespace, id, provider);
    if (values == null) {
      return Credentials.none();
    }
    String name = provider.secretRef.name;
    String prefix = "Metric template " + id + " secret " + name + " error: ";
    String token = values.get("token");
    if (notBlank(token)) {
      return Credentials.bearer(stripLineEnd(token));
    }
    String username = values.get("username");
    String password = values.get("password");
    if (notBlank(username) && password != null) {
      return Credentials.basic(stripLineEnd(username), stripLineEnd(password));
    }
    throw new ConfigurationProblem(
        PROMETHEUS,
        prefix
            + "Secret "
            + namespace
            + "/"
            + name
            + " holds neither a 'token' nor a 'username' and a 'password'");
  }

  /**
   * Reads a template's Secret.
   *
   * @return its decoded values, or null when the template references no Secret
   */
  private Map<String, String> secretValues(String namespace, String id, MetricProviderSpec provider)
      throws ConfigurationProblem {
    if (provider.secretRef == null || !notBlank(provider.secretRef.name)) {
      return null;
    }
    String name = provider.secretRef.name;
    String type = String.valueOf(provider.type);
    String prefix = "Metric template " + id + " secret " + name + " error: ";
    Secret secret =
        secrets
            .find(namespace, name)
            .orElseThrow(
                () ->
                    new ConfigurationProblem(
                        type, prefix + "Secret " + namespace + "/" + name + " not found"));
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
        try {
          values.put(entry.getKey(), decode(entry.getValue()));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationProblem(
              type, prefix + "the value of key '" + entry.getKey() + "' is not base64");
        }
      }
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }

  private static MetricResult verdict(Canary canary, CanaryMetric metric, Kind kind, double value) {
    return verdict(canary, metric, PROMETHEUS, kind, value);
  }

  private static MetricResult verdict(
      Canary canary, CanaryMetric metric, String provider, Kind kind, double value) {
    Thresholds.Verdict verdict =
        Thresholds.evaluate(
            kind,
            canary.getMetadata().getName(),
            canary.getMetadata().getNamespace(),
            metric,
            value);
    return new MetricResult(
        metric.name,
        provider,
        OptionalDouble.of(verdict.value()),
        verdict.min(),
        verdict.max(),
        verdict.passed() ? Outcome.PASSED : Outcome.FAILED,
        verdict.message());
  }

  private static MetricResult error(CanaryMetric metric, String provider, String message) {
    return new MetricResult(
        metric.name, provider, OptionalDouble.empty(), null, null, Outcome.ERROR, message);
  }

  private static List<CanaryMetric> metrics(Canary canary) {
    CanaryAnalysis analysis =
        canary.getSpec().analysis != null
            ? canary.getSpec().analysis
            : canary.getSpec().canaryAnalysis;
    return analysis == null || analysis.metrics == null ? List.of() : analysis.metrics;
  }

  private static String namespace(Canary canary, CrossNamespaceReference ref) {
    return notBlank(ref.namespace) ? ref.namespace : canary.getMetadata().getNamespace();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String stripLineEnd(String value) {
    return value.replaceAll("[\\r\\n]+$", "");
  }

  private static String id(Canary canary) {
    if (canary.getMetadata() == null) {
      return "<unnamed canary>";
    }
    return canary.getMetadata().getName() + "." + canary.getMetadata().getNamespace();
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * A referenced MetricTemplate, found and ready to be queried: through a Prometheus client, or
   * through another provider.
   */
  private record Resolved(
      String id,
      String type,
      MetricTemplate template,
      PrometheusClient client,
      MetricProvider provider) {}

  /** A metric check that cannot run because what it references is missing or unusable. */
  private static final class ConfigurationProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final String provider;

    ConfigurationProblem(String provider, String message) {
      super(message);
      this.provider = provider;
    }
  }
}

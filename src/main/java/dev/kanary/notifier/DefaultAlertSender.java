package dev.kanary.notifier;

import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.AlertProviderSpec;
import dev.kanary.api.v1beta1.spec.CanaryAlert;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.config.KanaryConfig;
import dev.kanary.validation.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Sends a canary's alerts through the AlertProviders its analysis names, filtered by severity, or
 * through the global notifier when it names none; asynchronously, counting every outcome.
 *
 * <p>Severity filter: an alert with severity {@code info} receives every message, {@code warn}
 * warnings and errors, {@code error} errors only. An alert without severity is treated as {@code
 * info}, as Flagger's documentation says, and not as Flagger's code does (it sends such an alert
 * nothing). The global notifier receives every message.
 *
 * <p>Every delivery, failed lookups included, increments the counter {@code
 * kanary_notifications_total{provider,result}} ({@code provider} is the chat system type, or {@code
 * unknown} when the AlertProvider is missing; {@code result} is {@code sent} or {@code failed}).
 * Failures are logged with the canary and the AlertProvider, never with a webhook URL (beyond its
 * scheme and host), a token or any other Secret value.
 */
public final class DefaultAlertSender implements AlertSender {

  /** The name of the delivery counter, exported as {@code kanary_notifications_total}. */
  public static final String COUNTER = "kanary.notifications";

  private static final Logger LOG = Logger.getLogger(DefaultAlertSender.class);
  private static final String UNKNOWN_PROVIDER = "unknown";

  private final AlertProviderLookup providers;
  private final SecretLookup secrets;
  private final MeterRegistry registry;
  private final HttpSender http;
  private final Notifier global;
  private final Optional<String> clusterName;

  /**
   * Creates a sender with the default HTTP timeouts and retries.
   *
   * @param config the operator's configuration: global notifier and cluster name
   * @param providers where AlertProviders are looked up
   * @param secrets where the AlertProviders' Secrets are looked up
   * @param registry where deliveries are counted
   */
  public DefaultAlertSender(
      KanaryConfig config,
      AlertProviderLookup providers,
      SecretLookup secrets,
      MeterRegistry registry) {
    this(config, providers, secrets, registry, new HttpSender());
  }

  /**
   * Creates a sender.
   *
   * @param config the operator's configuration: global notifier and cluster name
   * @param providers where AlertProviders are looked up
   * @param secrets where the AlertProviders' Secrets are looked up
   * @param registry where deliveries are counted
   * @param http the sender of the HTTP requests, with its timeouts and retries
   */
  public DefaultAlertSender(
      KanaryConfig config,
      AlertProviderLookup providers,
      SecretLookup secrets,
      MeterRegistry registry,
      HttpSender http) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.http = Objects.requireNonNull(http, "http");
    this.global = NotifierFactory.global(config, http);
    this.clusterName = config.clusterName().filter(name -> !name.isBlank());
  }

  @Override
  public void send(Canary canary, Severity severity, String message, boolean withDetails) {
    dispatch(canary, severity, message, withDetails);
  }

  /**
   * Sends an alert like {@link #send}, and tells when all its deliveries are over.
   *
   * @param canary the canary the alert is about
   * @param severity how serious it is
   * @param message the message, one of Flagger's alert texts
   * @param withDetails whether to add the canary's details
   * @return a future completed once every delivery has succeeded or been given up and counted;
   *     never completed exceptionally
   */
  public CompletableFuture<Void> dispatch(
      Canary canary, Severity severity, String message, boolean withDetails) {
    try {
      return dispatchTo(canary, severity, message, withDetails);
    } catch (RuntimeException e) {
      LOG.errorf("Alert not sent: %s", e.getClass().getSimpleName());
      count(UNKNOWN_PROVIDER, false);
      return CompletableFuture.completedFuture(null);
    }
  }

  private CompletableFuture<Void> dispatchTo(
      Canary canary, Severity severity, String message, boolean withDetails) {
    Message alert =
        new Message(
            canary.getMetadata().getName(),
            canary.getMetadata().getNamespace(),
            severity,
            message,
            withDetails
                ? AlertDetails.of(canary)
                : severity == Severity.ERROR ? AlertDetails.failure(canary) : List.of(),
            clusterName);
    String subject = alert.subject();
    CanaryAnalysis analysis = AlertDetails.analysis(canary.getSpec());
    if (analysis == null || analysis.alerts == null || analysis.alerts.isEmpty()) {
      if (global instanceof NoopNotifier) {
        return CompletableFuture.completedFuture(null);
      }
      return deliver(global, alert, subject, "the global notifier");
    }
    List<CompletableFuture<Void>> deliveries = new ArrayList<>();
    for (CanaryAlert canaryAlert : analysis.alerts) {
      if (accepts(canaryAlert.severity, severity)) {
        deliveries.add(deliverTo(canaryAlert, canary, alert, subject));
      }
    }
    return CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new));
  }

  /**
   * Tells whether an alert receives a message.
   *
   * @param alertSeverity the alert's least severity: {@code info}, {@code warn}, {@code error}, or
   *     empty or null for {@code info}
   * @param severity the message's severity
   * @return true when the message is at least as serious as the alert asks
   */
  private static boolean accepts(String alertSeverity, Severity severity) {
    Severity least =
        switch (alertSeverity == null ? "" : alertSeverity.trim().toLowerCase(Locale.ROOT)) {
          case "warn" -> Severity.WARN;
          case "error" -> Severity.ERROR;
          default -> Severity.INFO;
        };
    return severity.compareTo(least) >= 0;
  }

  private CompletableFuture<Void> deliverTo(
      CanaryAlert canaryAlert, Canary canary, Message alert, String subject) {
    String namespace =
        canaryAlert.providerRef == null
                || canaryAlert.providerRef.namespace == null
                || canaryAlert.providerRef.namespace.isBlank()
            ? canary.getMetadata().getNamespace()
            : canaryAlert.providerRef.namespace;
    String name = canaryAlert.providerRef == null ? null : canaryAlert.providerRef.name;
    String provider = "AlertProvider " + name + "." + namespace;
    Optional<AlertProvider> found =
        name == null ? Optional.empty() : providers.find(namespace, name);
    if (found.isEmpty()) {
      return failed(UNKNOWN_PROVIDER, subject, provider, "it does not exist");
    }
    if (found.get().getSpec() == null) {
      return failed(UNKNOWN_PROVIDER, subject, provider, "it has no spec");
    }
    AlertProviderSpec spec = found.get().getSpec();
    String type = spec.type == null ? UNKNOWN_PROVIDER : spec.type;
    Optional<String> address = Optional.ofNullable(spec.address).filter(a -> !a.isBlank());
    Optional<String> token = Optional.empty();
    if (spec.secretRef != null && spec.secretRef.name != null) {
      Optional<Secret> secret = secrets.find(namespace, spec.secretRef.name);
      if (secret.isEmpty()) {
        return failed(
            type, subject, provider, "its Secret " + spec.secretRef.name + " does not exist");
      }
      address = SecretValues.read(secret.get(), "address");
      if (address.isEmpty()) {
        return failed(
            type, subject, provider, "its Secret " + spec.secretRef.name + " has no key 'address'");
      }
      token = SecretValues.read(secret.get(), "token");
    }
    if (address.isEmpty()) {
      return failed(type, subject, provider, "it has no address");
    }
    Optional<URI> url = NotifierFactory.httpUrl(address.get());
    if (url.isEmpty()) {
      return failed(type, subject, provider, "its address is not an absolute http(s) URL");
    }
    Endpoint endpoint = new Endpoint(url.get(), token, Optional.ofNullable(spec.proxy));
    String channel = blankToDefault(spec.channel, NotifierFactory.DEFAULT_CHANNEL);
    String username = blankToDefault(spec.username, NotifierFactory.DEFAULT_USERNAME);
    Optional<Notifier> notifier = NotifierFactory.create(type, endpoint, channel, username, http);
    if (notifier.isEmpty()) {
      return failed(type, subject, provider, "its type '" + type + "' is not supported");
    }
    return deliver(notifier.get(), alert, subject, provider);
  }

  private CompletableFuture<Void> deliver(
      Notifier notifier, Message alert, String subject, String provider) {
    Map<String, Object> context = new HashMap<>(MDC.getMap());
    return notifier
        .post(alert)
        .exceptionally(error -> Delivery.failed(0, error.getClass().getSimpleName()))
        .thenAccept(
            delivery ->
                withMdc(
                    context,
                    () -> {
                      count(notifier.type(), delivery.sent());
                      if (delivery.sent()) {
                        LOG.debugf(
                            "Alert for canary %s sent through %s (%s)",
                            subject, provider, notifier.type());
                      } else {
                        LOG.warnf(
                            "Alert for canary %s not sent through %s (%s): %s",
                            subject, provider, notifier.type(), delivery.failure());
                      }
                    }));
  }

  /**
   * Runs the completion of a delivery, on whichever thread completes it, with the logging MDC of
   * the thread that started it, so that its log line names the canary ({@code
   * canary=name.namespace}).
   */
  private static void withMdc(Map<String, Object> context, Runnable action) {
    Map<String, Object> previous = new HashMap<>(MDC.getMap());
    MDC.clear();
    context.forEach(MDC::put);
    try {
      action.run();
    } finally {
      MDC.clear();
      previous.forEach(MDC::put);
    }
  }

  private CompletableFuture<Void> failed(
      String type, String subject, String provider, String reason) {
    LOG.warnf("Alert for canary %s not sent through %s: %s", subject, provider, reason);
    count(type, false);
    return CompletableFuture.completedFuture(null);
  }

  private void count(String provider, boolean sent) {
    Counter.builder(COUNTER)
        .description("Chat notifications, by chat system type and result")
        .tag("provider", provider)
        .tag("result", sent ? "sent" : "failed")
        .register(registry)
        .increment();
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}

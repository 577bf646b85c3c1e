package dev.kanary.controller;

import dev.kanary.api.v1beta1.AlertProvider;
import dev.kanary.api.v1beta1.MetricTemplate;
import dev.kanary.canary.CanaryEngine;
import dev.kanary.canary.CanaryEvents;
import dev.kanary.canary.Collaborators;
import dev.kanary.canary.RolloutMetrics;
import dev.kanary.canary.workload.WorkloadControllers;
import dev.kanary.config.KanaryConfig;
import dev.kanary.events.EventRecorder;
import dev.kanary.metrics.DefaultMetricEvaluator;
import dev.kanary.metrics.FlaggerMetrics;
import dev.kanary.metrics.HttpClients;
import dev.kanary.metrics.MetricEvaluator;
import dev.kanary.metrics.TemplateLookup;
import dev.kanary.notifier.AlertProviderLookup;
import dev.kanary.notifier.AlertSender;
import dev.kanary.notifier.DefaultAlertSender;
import dev.kanary.router.KubernetesServiceRouter;
import dev.kanary.router.NopRouter;
import dev.kanary.router.RouterFactory;
import dev.kanary.router.gatewayapi.GatewayApiRouter;
import dev.kanary.router.istio.IstioRouter;
import dev.kanary.router.nginx.NginxRouter;
import dev.kanary.validation.SecretLookup;
import dev.kanary.webhook.HttpWebhookClient;
import dev.kanary.webhook.WebhookClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Assembles the rollout engine from its collaborators. */
public class EngineProducer {

  /**
   * The webhook client.
   *
   * @return a client with Flagger's backoff
   */
  @Produces
  @Singleton
  public WebhookClient webhookClient() {
    return new HttpWebhookClient();
  }

  /**
   * Secrets by namespace and name, read from the API server when an alert or a metric query needs
   * one (rarely: once per alert or query, never on a hot path).
   *
   * @param client the Kubernetes client
   * @return the lookup
   */
  @Produces
  @Singleton
  public SecretLookup secrets(KubernetesClient client) {
    return (namespace, name) ->
        Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /**
   * The metric checks: builtin metrics, inline queries and MetricTemplates, read from the API
   * server when a check needs one.
   *
   * @param client the Kubernetes client
   * @param config the operator's configuration
   * @param secrets where template Secrets are read
   * @return the evaluator
   */
  @Produces
  @Singleton
  public MetricEvaluator metrics(
      KubernetesClient client, KanaryConfig config, SecretLookup secrets) {
    TemplateLookup templates =
        (namespace, name) ->
            Optional.ofNullable(
                client.resources(MetricTemplate.class).inNamespace(namespace).withName(name).get());
    return DefaultMetricEvaluator.of(
        config, templates, secrets, new HttpClients(Duration.ofSeconds(5)));
  }

  /**
   * The chat notifications of rollouts.
   *
   * @param client the Kubernetes client
   * @param config the operator's configuration
   * @param secrets where AlertProvider Secrets are read
   * @param registry where the notification counter is published
   * @return the sender
   */
  @Produces
  @Singleton
  public AlertSender alerts(
      KubernetesClient client, KanaryConfig config, SecretLookup secrets, MeterRegistry registry) {
    AlertProviderLookup providers =
        (namespace, name) ->
            Optional.ofNullable(
                client.resources(AlertProvider.class).inNamespace(namespace).withName(name).get());
    return new DefaultAlertSender(config, providers, secrets, registry);
  }

  /**
   * Flagger's rollout metrics.
   *
   * @param registry where they are published
   * @param config the operator's configuration
   * @param version Kanary's version
   * @return the recorder
   */
  @Produces
  @Singleton
  public RolloutMetrics telemetry(
      MeterRegistry registry,
      KanaryConfig config,
      @ConfigProperty(name = "quarkus.application.version") String version) {
    return new FlaggerMetrics(registry, version, config.meshProvider());
  }

  /**
   * The router of each provider Kanary supports.
   *
   * @param client the Kubernetes client
   * @param config the operator's configuration
   * @return the factory
   */
  @Produces
  @Singleton
  public RouterFactory routers(KubernetesClient client, KanaryConfig config) {
    return new RouterFactory(
        Map.of(
            "kubernetes", new NopRouter(),
            "istio", new IstioRouter(client),
            "nginx", new NginxRouter(client, config.ingressAnnotationsPrefix()),
            "gatewayapi:v1", new GatewayApiRouter(client, "v1"),
            "gatewayapi:v1beta1", new GatewayApiRouter(client, "v1beta1")));
  }

  /**
   * The rollout engine.
   *
   * @param client the Kubernetes client
   * @param config the operator's configuration
   * @param recorder where Events go
   * @param metrics the metric checks
   * @param alerts the chat notifications
   * @param webhooks the webhook client
   * @param telemetry the rollout metrics
   * @param routers the router of each provider
   * @param clock the clock
   * @return the engine
   */
  @Produces
  @Singleton
  public CanaryEngine engine(
      KubernetesClient client,
      KanaryConfig config,
      EventRecorder recorder,
      MetricEvaluator metrics,
      AlertSender alerts,
      WebhookClient webhooks,
      RolloutMetrics telemetry,
      RouterFactory routers,
      Clock clock) {
    WorkloadControllers workloads = WorkloadControllers.of(client, config, clock);

    ThreadPoolExecutor eventWebhooks =
        new ThreadPoolExecutor(
            1,
            4,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000),
            new ThreadPoolExecutor.DiscardOldestPolicy());
    CanaryEvents events =
        new CanaryEvents(
            recorder,
            webhooks,
            config.eventWebhook(),
            CanaryLogContext.propagating(eventWebhooks),
            clock);
    return new CanaryEngine(
        new Collaborators(
            workloads::forCanary,
            routers::forProvider,
            new KubernetesServiceRouter(client),
            metrics,
            webhooks,
            alerts,
            events,
            telemetry,
            clock),
        config.meshProvider());
  }
}

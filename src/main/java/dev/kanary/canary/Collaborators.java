package dev.kanary.canary;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.canary.workload.WorkloadController;
import dev.kanary.metrics.MetricEvaluator;
import dev.kanary.notifier.AlertSender;
import dev.kanary.router.Router;
import dev.kanary.router.ServiceRouter;
import dev.kanary.webhook.WebhookClient;
import java.time.Clock;
import java.util.function.Function;

/**
 * Everything the engine talks to: the world is reached only through these interfaces.
 *
 * @param workloads the workload controller of a canary (by target kind)
 * @param routers the router of a provider
 * @param services the Kubernetes Services every canary has
 * @param metrics the metric checks
 * @param webhooks the webhook client
 * @param alerts the chat notifications
 * @param events the Events, logs and event webhooks
 * @param telemetry the rollout metrics
 * @param clock the time
 */
public record Collaborators(
    Function<Canary, WorkloadController> workloads,
    Function<String, Router> routers,
    ServiceRouter services,
    MetricEvaluator metrics,
    WebhookClient webhooks,
    AlertSender alerts,
    CanaryEvents events,
    RolloutMetrics telemetry,
    Clock clock) {}

package dev.kanary.controller;

import dev.kanary.validation.SecretLookup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Watches the Secrets a kind of resource references, so that creating, changing or deleting a
 * Secret re-validates exactly the resources that name it.
 */
final class SecretWatch {

  private static final String INDEX = "referenced-secret";

  private SecretWatch() {}

  /**
   * Builds the Secret event source of a controller.
   *
   * @param context the controller's event source context
   * @param referencedSecret the name of the Secret a resource references, or null
   * @param <P> the kind of resource
   * @return the event source
   */
  static <P extends HasMetadata> InformerEventSource<Secret, P> eventSource(
      EventSourceContext<P> context, Function<P, String> referencedSecret) {
    context
        .getPrimaryCache()
        .addIndexers(
            Map.of(
                INDEX,
                resource -> {
                  String name = referencedSecret.apply(resource);
                  return name == null
                      ? List.of()
                      : List.of(key(resource.getMetadata().getNamespace(), name));
                }));
    var configuration =
        InformerEventSourceConfiguration.from(Secret.class, context.getPrimaryResourceClass())
            .withSecondaryToPrimaryMapper(
                (Secret secret) ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            INDEX,
                            key(
                                secret.getMetadata().getNamespace(),
                                secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * A Secret lookup that reads the controller's Secret cache.
   *
   * @param context the reconciliation context
   * @param <P> the kind of resource
   * @return the lookup
   */
  @SuppressWarnings("unchecked")
  static <P extends HasMetadata> SecretLookup lookup(Context<P> context) {
    InformerEventSource<Secret, P> source =
        (InformerEventSource<Secret, P>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class);
    return (namespace, name) ->
        Optional.ofNullable(namespace).flatMap(ns -> source.get(new ResourceID(name, ns)));
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}

package dev.kanary.sandbox.mesh;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Routes a request the way the NGINX ingress controller applies an Ingress and its canary Ingress:
 * the canary's header rule first ({@code always}/{@code never}, or the header value or pattern),
 * then its cookie rule, then its weight out of {@code canary-weight-total}.
 */
final class IngressRouting {

  private IngressRouting() {}

  /**
   * Routes one request.
   *
   * @param ingresses the Ingresses serving the request's host; at most one of them a canary
   * @param request the request
   * @return the backend Service, or empty when no Ingress path matches
   */
  static Optional<Hop> route(List<Ingress> ingresses, VirtualRequest request) {
    Ingress main = null;
    Ingress canary = null;
    for (Ingress ingress : ingresses) {
      if ("true".equals(annotation(ingress, "canary"))) {
        canary = ingress;
      } else if (main == null) {
        main = ingress;
      }
    }
    if (main == null) {
      return Optional.empty();
    }
    Ingress chosen = canary != null && toCanary(canary, request) ? canary : main;
    return backend(chosen, request);
  }

  private static boolean toCanary(Ingress canary, VirtualRequest request) {
    String header = annotation(canary, "canary-by-header");
    if (header != null) {
      String value = request.header(header);
      String expected = annotation(canary, "canary-by-header-value");
      String pattern = annotation(canary, "canary-by-header-pattern");
      if (value != null) {
        if (expected != null) {
          if (value.equals(expected)) {
            return true;
          }
        } else if (pattern != null) {
          if (Matching.fullMatch(pattern, value)) {
            return true;
          }
        } else if ("always".equals(value)) {
          return true;
        } else if ("never".equals(value)) {
          return false;
        }
      }
    }
    String cookie = annotation(canary, "canary-by-cookie");
    if (cookie != null) {
      String value = cookie(request.header("cookie"), cookie);
      if ("always".equals(value)) {
        return true;
      }
      if ("never".equals(value)) {
        return false;
      }
    }
    double weight = parse(annotation(canary, "canary-weight"), 0);
    double total = parse(annotation(canary, "canary-weight-total"), 100);
    return ThreadLocalRandom.current().nextDouble(total) < weight;
  }

  private static Optional<Hop> backend(Ingress ingress, VirtualRequest request) {
    String namespace = ingress.getMetadata().getNamespace();
    if (ingress.getSpec() == null) {
      return Optional.empty();
    }
    for (IngressRule rule : ingress.getSpec().getRules()) {
      if (rule.getHost() != null && !rule.getHost().equals(request.hostName())) {
        continue;
      }
      if (rule.getHttp() == null) {
        continue;
      }
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        String prefix = path.getPath() == null ? "/" : path.getPath();
        if (request.path().startsWith(prefix) && path.getBackend().getService() != null) {
          return Optional.of(new Hop(path.getBackend().getService().getName(), namespace));
        }
      }
    }
    if (ingress.getSpec().getDefaultBackend() != null
        && ingress.getSpec().getDefaultBackend().getService() != null) {
      return Optional.of(
          new Hop(ingress.getSpec().getDefaultBackend().getService().getName(), namespace));
    }
    return Optional.empty();
  }

  /**
   * Reads an NGINX annotation whatever its prefix (Kanary's is configurable).
   *
   * @param ingress the Ingress
   * @param name the annotation's name after the prefix's slash
   * @return its value, or null
   */
  static String annotation(Ingress ingress, String name) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    if (annotations == null) {
      return null;
    }
    for (Map.Entry<String, String> entry : annotations.entrySet()) {
      if (entry.getKey().endsWith("/" + name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static String cookie(String header, String name) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String trimmed = part.trim();
      if (trimmed.startsWith(name + "=")) {
        return trimmed.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static double parse(String value, double fallback) {
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}

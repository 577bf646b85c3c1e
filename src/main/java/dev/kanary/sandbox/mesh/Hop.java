package dev.kanary.sandbox.mesh;

/**
 * Where a routing rule sends a request: a Service host name, resolved relative to the namespace of
 * the routing object that named it.
 *
 * @param host the host, short ({@code backend-primary}) or qualified ({@code backend.prod.svc})
 * @param namespace the namespace a short host is resolved in
 */
record Hop(String host, String namespace) {}

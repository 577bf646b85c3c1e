package dev.kanary.sandbox.mesh;

import java.util.List;

/**
 * A steady stream of virtual requests: who sends them, where to, and how many a second.
 *
 * @param name the stream's name, unique among running streams
 * @param sourceNamespace the namespace the requests leave from
 * @param host the host they are addressed to
 * @param path the path they ask for
 * @param requestsPerSecond how many are sent a second
 * @param clients the kinds of client that send them, drawn by weight for each request
 */
public record TrafficStream(
    String name,
    String sourceNamespace,
    String host,
    String path,
    double requestsPerSecond,
    List<ClientProfile> clients) {}

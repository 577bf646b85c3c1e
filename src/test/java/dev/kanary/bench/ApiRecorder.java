package dev.kanary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The benchmark's API server: the sandbox's fabric8 CRUD mock server behind a dispatcher that
 * counts every request by origin (Kanary or the harness, told apart by User-Agent), verb and
 * resource, and reports each write Kanary makes, with its arrival time and the stored object.
 */
final class ApiRecorder implements AutoCloseable {

  /** The User-Agent of the harness' own client; every other request is Kanary's. */
  static final String HARNESS_AGENT = "kanary-bench-harness";

  /** One write of Kanary's as the API server stored it. */
  record Write(
      Instant arrival,
      String verb,
      String namespace,
      String resource,
      String name,
      JsonNode object) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesMockServer server;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Thread drainer;
  private volatile Consumer<Write> listener = write -> {};

  /** Starts the server on a free loopback port. */
  ApiRecorder() {
    KubernetesCrudDispatcher crud = new IndexedCrud();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Counting(crud), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    drainer = new Thread(this::drain, "bench-api-drainer");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** The server's base URL. */
  String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** Sets who hears of Kanary's writes. */
  void onWrite(Consumer<Write> listener) {
    this.listener = listener;
  }

  /** A snapshot of the request counts, keyed "origin verb resource". */
  Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((key, adder) -> snapshot.put(key, adder.sum()));
    return snapshot;
  }

  /**
   * Kanary's requests between two snapshots, keyed "verb resource".
   *
   * @param before the earlier snapshot
   * @param after the later snapshot
   * @return the differences that are not zero
   */
  static Map<String, Long> kanaryDelta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (key, count) -> {
          long d = count - before.getOrDefault(key, 0L);
          if (d != 0 && key.startsWith("kanary ")) {
            delta.put(key.substring("kanary ".length()), d);
          }
        });
    return delta;
  }

  /** Whether a verb of {@link #counts()} writes. */
  static boolean isWrite(String verbAndResource) {
    String verb = verbAndResource.split(" ", 2)[0];
    return switch (verb) {
      case "POST", "PUT", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }

  @Override
  public void close() {
    drainer.interrupt();
    server.destroy();
  }

  /** Discards the requests the mock server queues for tests, which would otherwise pile up. */
  private void drain() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        server.takeRequest(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts, delegates, and reports Kanary's writes. */
  private final class Counting extends Dispatcher {
    private final Dispatcher delegate;

    Counting(Dispatcher delegate) {
      this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Instant arrival = Instant.now();
      String agent = request.getHeader("User-Agent");
      String origin = agent != null && agent.contains(HARNESS_AGENT) ? "harness" : "kanary";
      String[] path = request.getPath().split("\\?", 2);
      String query = path.length > 1 ? path[1] : "";
      Target target = Target.parse(path[0]);
      String verb = request.getMethod();
      if (verb.equals("GET")) {
        verb = query.contains("watch=true") ? "WATCH" : target.name == null ? "LIST" : "GET";
      }
      counts
          .computeIfAbsent(origin + " " + verb + " " + target.resource, k -> new LongAdder())
          .increment();
      MockResponse response;
      synchronized (delegate) {
        response = delegate.dispatch(request);
      }
      if (origin.equals("kanary") && isWrite(verb) && response.code() < 300) {
        JsonNode object = null;
        if (response.getBody() != null && response.getBody().size() > 0) {
          try {
            object = JSON.readTree(response.getBody().getBytes());
          } catch (IOException e) {
            object = null;
          }
        }
        listener.accept(
            new Write(arrival, verb, target.namespace, target.resource, target.name, object));
      }
      return response;
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }
  }

  /**
   * The CRUD dispatcher with an index of objects by resource, namespace and name: the stock one
   * scans every stored object for each lookup of one object, on a single event-loop thread, which
   * made the harness, not Kanary, the bottleneck from about a thousand canaries on. Its store is
   * replaced by a map that keeps the index on every put and remove; every request goes through
   * {@link Counting}, one at a time.
   */
  private static final class IndexedCrud extends KubernetesCrudDispatcher {
    private final IndexedMap store = new IndexedMap();

    IndexedCrud() {
      super(List.of());
      try {
        java.lang.reflect.Field field =
            io.fabric8.mockwebserver.crud.CrudDispatcher.class.getDeclaredField("map");
        field.setAccessible(true);
        field.set(this, store);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot index the mock API server's store", e);
      }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
      String id = IndexedMap.identity(query);
      if (id == null) {
        return super.findResource(query);
      }
      AttributeSet key = store.byId.get(id);
      if (key == null) {
        return store.unindexed > 0 ? super.findResource(query) : null;
      }
      return key.matches(query) ? Map.entry(key, store.get(key)) : super.findResource(query);
    }

    @Override
    public MockResponse handleGet(String path) {
      String[] parts = path.split("\\?", 2);
      Target target = Target.parse(parts[0]);
      boolean plain = parts.length == 1 || !parts[1].matches(".*(Selector|watch).*");
      if (target.name() != null && !target.resource().contains("/") && plain) {
        AttributeSet query = getKey(parts[0]);
        Map.Entry<AttributeSet, String> entry = findResource(query);
        if (entry != null) {
          return new MockResponse().setResponseCode(200).setBody(entry.getValue());
        }
        if (IndexedMap.identity(query) != null && store.unindexed == 0) {
          return new MockResponse()
              .setResponseCode(404)
              .setBody(
                  "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"reason\":\"NotFound\",\"code\":404}");
        }
      }
      return super.handleGet(path);
    }
  }

  /** The mock server's store, indexed by resource, namespace and name. */
  private static final class IndexedMap extends java.util.LinkedHashMap<AttributeSet, String> {
    private final Map<String, AttributeSet> byId = new HashMap<>();
    private int unindexed;

    static String identity(AttributeSet attributes) {
      var plural = attributes.getAttribute("plural");
      var name = attributes.getAttribute("name");
      if (plural == null || name == null) {
        return null;
      }
      var namespace = attributes.getAttribute("namespace");
      return plural.getValues()
          + "|"
          + (namespace == null ? "" : namespace.getValues())
          + "|"
          + name.getValues();
    }

    @Override
    public String put(AttributeSet key, String value) {
      String previous = super.put(key, value);
      if (previous == null) {
        String id = identity(key);
        if (id == null) {
          unindexed++;
        } else {
          byId.put(id, key);
        }
      }
      return previous;
    }

    @Override
    public String remove(Object key) {
      String previous = super.remove(key);
      if (previous != null && key instanceof AttributeSet set) {
        String id = identity(set);
        if (id == null) {
          unindexed--;
        } else if (set.equals(byId.get(id))) {
          byId.remove(id);
        }
      }
      return previous;
    }

    @Override
    public void clear() {
      super.clear();
      byId.clear();
      unindexed = 0;
    }
  }

  /** The namespace, resource (with sub-resource) and name a request path addresses. */
  record Target(String namespace, String resource, String name) {
    static Target parse(String path) {
      List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
      if (parts.isEmpty() || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
        return new Target(null, path, null);
      }
      int skip = parts.get(0).equals("api") ? 2 : 3;
      if (parts.size() <= skip) {
        return new Target(null, path, null);
      }
      List<String> rest = parts.subList(skip, parts.size());
      String namespace = null;
      if (rest.size() >= 2 && rest.get(0).equals("namespaces") && rest.size() > 2) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
      String resource = rest.get(0);
      String name = rest.size() > 1 ? rest.get(1) : null;
      if (rest.size() > 2) {
        resource = resource + "/" + rest.get(2);
      }
      return new Target(namespace, resource, name);
    }
  }
}

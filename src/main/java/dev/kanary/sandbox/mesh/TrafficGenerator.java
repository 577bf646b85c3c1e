package dev.kanary.sandbox.mesh;

import dev.kanary.sandbox.SandboxThreads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the sandbox's streams of virtual requests into the mesh on one timer thread, ten times a
 * second, each stream at its own rate (fractions carried over from tick to tick).
 */
public final class TrafficGenerator implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TrafficGenerator.class);
  private static final long TICK_MILLIS = 100;

  private final SimulatedMesh mesh;
  private final Map<String, Running> streams = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = SandboxThreads.scheduler("kanary-sandbox-traffic");

  /**
   * Starts the generator, with no stream yet.
   *
   * @param mesh the mesh requests are sent into
   */
  public TrafficGenerator(SimulatedMesh mesh) {
    this.mesh = mesh;
    timer.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts a stream, or replaces the running stream of the same name.
   *
   * @param stream the stream
   */
  public void start(TrafficStream stream) {
    streams.put(stream.name(), new Running(stream));
  }

  /**
   * Stops a stream.
   *
   * @param name the stream's name; an unknown name is ignored
   */
  public void stop(String name) {
    streams.remove(name);
  }

  private void tick() {
    for (Running running : streams.values()) {
      try {
        running.tick();
      } catch (RuntimeException e) {
        LOG.warnf(e, "Sandbox: traffic stream %s failed a tick", running.stream.name());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** A running stream and the fraction of a request it owes. */
  private final class Running {

    private final TrafficStream stream;
    private double owed;

    Running(TrafficStream stream) {
      this.stream = stream;
    }

    void tick() {
      owed += stream.requestsPerSecond() * TICK_MILLIS / 1000.0;
      while (owed >= 1) {
        owed -= 1;
        ClientProfile client = Matching.weighted(stream.clients(), ClientProfile::weight);
        mesh.send(
            new VirtualRequest(
                client.name(),
                stream.sourceNamespace(),
                stream.host(),
                "GET",
                stream.path(),
                client.headers()));
      }
    }
  }
}

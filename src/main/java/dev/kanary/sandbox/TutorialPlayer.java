package dev.kanary.sandbox;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.sandbox.mesh.ClientProfile;
import dev.kanary.sandbox.mesh.TrafficStream;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Plays the seed tutorial in the sandbox, act by act, narrating on the console: the backend's
 * canary release from podinfo 1.4.0 to 1.4.1, the frontend's A/B test of 1.4.1 on Safari users and
 * insiders, and two automated rollbacks of the frontend, one while an insider's {@code curl} asks
 * for HTTP 500s and one while it asks for a one-second delay.
 */
public final class TutorialPlayer implements Runnable {

  private static final String IMAGE = "quay.io/stefanprodan/podinfo:";
  private static final Duration ACT_TIMEOUT = Duration.ofMinutes(15);
  private static final Map<String, String> INSIDER_CURL =
      Map.of("Cookie", "type=insider", "User-Agent", "curl/8.5.0");

  private final KubernetesClient client;
  private final Sandbox sandbox;
  private final SandboxConsole console;

  /**
   * Creates the player.
   *
   * @param client a client of the sandbox's API server
   * @param sandbox the sandbox, whose tutorial world is applied
   * @param console where the narration goes
   */
  public TutorialPlayer(KubernetesClient client, Sandbox sandbox, SandboxConsole console) {
    this.client = client;
    this.sandbox = sandbox;
    this.console = console;
  }

  @Override
  public void run() {
    try {
      play();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      console.say("Tutorial: stopped: " + e.getMessage());
    }
  }

  private void play() throws InterruptedException {
    console.say("Tutorial: waiting for Kanary to initialize the backend and frontend canaries");
    await("backend", Set.of("Initialized", "Succeeded"));
    await("frontend", Set.of("Initialized", "Succeeded"));

    console.say(
        "Tutorial, automated canary promotion: fluxctl release --workload=prod:deployment/backend"
            + " --update-image="
            + IMAGE
            + "1.4.1");
    release("backend", "1.4.1");
    await("backend", Set.of("Succeeded", "Failed"));

    console.say(
        "Tutorial, automated A/B testing: fluxctl release --workload=prod:deployment/frontend"
            + " --update-image="
            + IMAGE
            + "1.4.1");
    release("frontend", "1.4.1");
    await("frontend", Set.of("Succeeded", "Failed"));

    console.say(
        "Tutorial, automated rollback: release frontend 1.4.2, then generate HTTP 500 errors:"
            + " watch curl -b 'type=insider' http://"
            + Sandbox.GATEWAY_HOST
            + "/status/500");
    rollback("1.4.2", "/status/500");

    console.say(
        "Tutorial, automated rollback: release frontend 1.4.3, then generate latency:"
            + " watch curl -b 'type=insider' http://"
            + Sandbox.GATEWAY_HOST
            + "/delay/1");
    rollback("1.4.3", "/delay/1");
    console.say("Tutorial: finished. Kanary keeps running against the sandbox.");
  }

  private void rollback(String tag, String path) throws InterruptedException {
    release("frontend", tag);
    await("frontend", Set.of("Progressing"));
    String stream = "watch-curl";
    sandbox
        .traffic()
        .start(
            new TrafficStream(
                stream,
                "default",
                Sandbox.GATEWAY_HOST,
                path,
                0.5,
                ClientProfile.only("curl", INSIDER_CURL)));
    try {
      await("frontend", Set.of("Failed", "Succeeded"));
    } finally {
      sandbox.traffic().stop(stream);
    }
  }

  private void release(String deployment, String tag) {
    client
        .apps()
        .deployments()
        .inNamespace(Sandbox.NAMESPACE)
        .withName(deployment)
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(IMAGE + tag);
              return d;
            });
  }

  private void await(String canary, Set<String> phases) throws InterruptedException {
    Instant deadline = Instant.now().plus(ACT_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Canary current =
          client.resources(Canary.class).inNamespace(Sandbox.NAMESPACE).withName(canary).get();
      if (current != null
          && current.getStatus() != null
          && phases.contains(current.getStatus().phase)) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        "canary " + canary + ".prod did not reach " + phases + " within " + ACT_TIMEOUT);
  }
}

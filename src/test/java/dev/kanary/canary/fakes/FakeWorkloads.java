package dev.kanary.canary.fakes;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.canary.workload.Readiness;
import dev.kanary.canary.workload.WorkloadController;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A workload controller whose revision, configs and readiness a test sets, recording calls. */
public final class FakeWorkloads implements WorkloadController {

  /** The target's revision hash. */
  public String revision = "00000000000000a1";

  /** The target's config checksums. */
  public Map<String, String> configs = new HashMap<>();

  /** The primary's readiness. */
  public Readiness primary = Readiness.READY;

  /** The canary's readiness. */
  public Readiness canary = Readiness.READY;

  /** The target's replicas: 0 once scaled to zero. */
  public int targetReplicas = 2;

  /** The revision the primary runs. */
  public String primaryRevision;

  /** Every call, by method name. */
  public final List<String> calls = new ArrayList<>();

  @Override
  public Map.Entry<String, String> selector(Canary c) {
    return Map.entry("app", c.getSpec().targetRef.name);
  }

  @Override
  public void initialize(Canary c) {
    if (primaryRevision == null) {
      primaryRevision = revision;
      calls.add("createPrimary");
    }
  }

  @Override
  public String targetRevision(Canary c) {
    return revision;
  }

  @Override
  public Map<String, String> trackedConfigs(Canary c) {
    return Map.copyOf(configs);
  }

  @Override
  public Readiness primaryReadiness(Canary c) {
    return primary;
  }

  @Override
  public Readiness canaryReadiness(Canary c) {
    return canary;
  }

  @Override
  public void scaleToZero(Canary c) {
    if (targetReplicas != 0) {
      calls.add("scaleToZero");
    }
    targetReplicas = 0;
  }

  @Override
  public void scaleFromZero(Canary c) {
    calls.add("scaleFromZero");
    targetReplicas = 2;
  }

  @Override
  public void promote(Canary c) {
    calls.add("promote");
    primaryRevision = revision;
  }

  @Override
  public void finalize(Canary c) {
    calls.add("finalize");
    targetReplicas = 2;
  }
}

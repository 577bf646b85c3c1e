package dev.kanary.canary;

import dev.kanary.api.v1beta1.status.CanaryPhase;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides whether a target changed since the last rollout: its pod template hash and the checksums
 * of its ConfigMaps and Secrets, compared with what status recorded.
 */
public final class Revisions {

  private static final Pattern KANARY_HASH = Pattern.compile("[0-9a-f]{16}");

  private Revisions() {}

  /**
   * Whether a new rollout must start. A revision equal to the promoted one never triggers (a manual
   * rollback to the primary's revision); a status written by Flagger, whose hashes have another
   * format, is adopted as it stands instead of restarting every canary.
   *
   * @param step the step, whose status may be updated (re-synced or adopted) without a trigger
   * @param revision the target's current revision
   * @param configs the target's current config checksums
   * @return true when the target or its configuration changed
   */
  public static boolean changed(Step step, String revision, Map<String, String> configs) {
    CanaryStatus status = step.status();
    if (status.lastAppliedSpec == null || status.lastAppliedSpec.isEmpty()) {
      return true;
    }
    if (!KANARY_HASH.matcher(status.lastAppliedSpec).matches()) {
      status.lastAppliedSpec = revision;
      if (step.phase() != CanaryPhase.FAILED) {
        status.lastPromotedSpec = revision;
      }
      status.trackedConfigs = Rollback.emptyToNull(configs);
      step.info("Adopted " + Names.of(step.canary()) + " from the status Flagger wrote");
      return false;
    }
    if (!revision.equals(status.lastAppliedSpec)) {
      if (revision.equals(status.lastPromotedSpec)) {
        status.lastAppliedSpec = revision;
        return configsChanged(status, configs);
      }
      return true;
    }
    return configsChanged(status, configs);
  }

  /**
   * Whether the target changed during an analysis, which restarts it.
   *
   * @param status the status
   * @param revision the target's current revision
   * @param configs the target's current config checksums
   * @return true when either differs from what the analysis started with
   */
  public static boolean changedSinceApplied(
      CanaryStatus status, String revision, Map<String, String> configs) {
    return !revision.equals(status.lastAppliedSpec) || configsChanged(status, configs);
  }

  private static boolean configsChanged(CanaryStatus status, Map<String, String> configs) {
    Map<String, String> tracked = status.trackedConfigs == null ? Map.of() : status.trackedConfigs;
    Map<String, String> current = configs == null ? Map.of() : configs;
    return !Objects.equals(tracked, current);
  }
}

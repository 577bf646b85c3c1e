package dev.kanary.loadtester;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The load tester mode's configuration, Flagger loadtester's flags as {@code kanary-loadtester.*}
 * properties; the {@code loadtester} profile ({@code QUARKUS_PROFILE=loadtester}) turns the mode
 * on.
 */
@ConfigMapping(prefix = "kanary-loadtester")
public interface LoadTesterConfig {

  /** The property that selects the load tester mode. */
  String ENABLED = "kanary-loadtester.enabled";

  /**
   * Whether this process is a load tester: it serves Flagger's loadtester API on its HTTP port and
   * starts no reconcilers.
   *
   * @return false by default; true in the {@code loadtester} profile
   */
  @WithDefault("false")
  boolean enabled();

  /**
   * The longest a task (a command or a load run) may take (flag {@code -timeout}).
   *
   * @return one hour by default
   */
  @WithDefault("1h")
  Duration timeout();

  /**
   * The regular expression a payload's namespace must contain a match of (flag {@code
   * -namespace-regexp}); other namespaces get 403.
   *
   * @return the expression; every namespace is served when unset
   */
  Optional<String> namespaceRegexp();
}

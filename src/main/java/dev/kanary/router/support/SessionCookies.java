package dev.kanary.router.support;

import dev.kanary.api.v1beta1.Canary;
import dev.kanary.api.v1beta1.spec.CanaryAnalysis;
import dev.kanary.api.v1beta1.spec.SessionAffinity;
import dev.kanary.api.v1beta1.status.CanaryStatus;
import dev.kanary.canary.Durations;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The session-affinity cookies of a canary run: their life cycle in the Canary's status and the
 * {@code Set-Cookie} values that hand them out.
 *
 * <p>While the canary receives traffic, {@code status.sessionAffinityCookie} holds {@code
 * <cookieName>=<10 random letters>} and, when {@code primaryCookieName} is set, {@code
 * status.primarySessionAffinityCookie} holds the primary's cookie. When the canary's weight drops
 * to 0 the canary cookie becomes {@code status.previousSessionAffinityCookie}, to be expired, and
 * both current cookies are emptied (set to the empty string, as Flagger does, so that a status
 * patch that leaves out null fields still clears them).
 */
public final class SessionCookies {

  /** The request header that carries cookies. */
  public static final String COOKIE_HEADER = "Cookie";

  /** The response header that hands a cookie out. */
  public static final String SET_COOKIE_HEADER = "Set-Cookie";

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final int VALUE_LENGTH = 10;
  private static final long DEFAULT_MAX_AGE = 86400;
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  private SessionCookies() {}

  /**
   * Brings the cookies in the canary's status in line with a canary weight about to be applied.
   *
   * @param canary the canary; its status is created when missing and changed in place
   * @param affinity {@code analysis.sessionAffinity}
   * @param canaryWeight the canary's weight about to be applied
   * @param random the source of the cookies' values
   */
  public static void advance(
      Canary canary, SessionAffinity affinity, int canaryWeight, RandomGenerator random) {
    if (canary.getStatus() == null) {
      canary.setStatus(new CanaryStatus());
    }
    CanaryStatus status = canary.getStatus();
    if (canaryWeight > 0) {
      if (isBlank(status.sessionAffinityCookie)) {
        status.sessionAffinityCookie = affinity.cookieName + "=" + randomValue(random);
      }
      if (!isBlank(affinity.primaryCookieName) && isBlank(status.primarySessionAffinityCookie)) {
        status.primarySessionAffinityCookie =
            affinity.primaryCookieName + "=" + randomValue(random);
      }
    } else {
      if (!isBlank(status.sessionAffinityCookie)) {
        status.previousSessionAffinityCookie = status.sessionAffinityCookie;
        status.sessionAffinityCookie = "";
      }
      if (!isBlank(status.primarySessionAffinityCookie)) {
        status.primarySessionAffinityCookie = "";
      }
    }
  }

  /**
   * The {@code Set-Cookie} value that hands the canary cookie out: {@code <cookie>;
   * Max-Age=<maxAge>} followed by the Domain, HttpOnly, Partitioned, Path, SameSite and Secure
   * attributes that are set.
   *
   * @param cookie the cookie as {@code name=value}
   * @param affinity {@code analysis.sessionAffinity}
   * @return the header value
   */
  public static String canaryCookie(String cookie, SessionAffinity affinity) {
    long maxAge = affinity.maxAge != null ? affinity.maxAge : DEFAULT_MAX_AGE;
    return withAttributes(cookie, maxAge, affinity);
  }

  /**
   * The {@code Set-Cookie} value that hands the primary cookie out. It lives one analysis interval
   * (at least 10s, 60s when the interval cannot be read), so users on the primary are spread again
   * at the next weight.
   *
   * @param cookie the cookie as {@code name=value}
   * @param affinity {@code analysis.sessionAffinity}
   * @param analysis the analysis, for its interval
   * @return the header value
   */
  public static String primaryCookie(
      String cookie, SessionAffinity affinity, CanaryAnalysis analysis) {
    Duration interval = Durations.parse(analysis.interval).orElse(DEFAULT_INTERVAL);
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      interval = MIN_INTERVAL;
    }
    return withAttributes(cookie, interval.toSeconds(), affinity);
  }

  /**
   * The {@code Set-Cookie} value that makes browsers drop a cookie.
   *
   * @param cookie the cookie as {@code name=value}
   * @return {@code <cookie>; Max-Age=-1}
   */
  public static String expired(String cookie) {
    return cookie + "; Max-Age=-1";
  }

  /**
   * Tells whether a status cookie is absent.
   *
   * @param cookie the cookie, or null
   * @return true when null or empty
   */
  public static boolean isBlank(String cookie) {
    return cookie == null || cookie.isEmpty();
  }

  private static String withAttributes(String cookie, long maxAge, SessionAffinity affinity) {
    StringBuilder value = new StringBuilder(cookie).append("; Max-Age=").append(maxAge);
    if (affinity.domain != null && !affinity.domain.isEmpty()) {
      value.append("; Domain=").append(affinity.domain);
    }
    if (Boolean.TRUE.equals(affinity.httpOnly)) {
      value.append("; HttpOnly");
    }
    if (Boolean.TRUE.equals(affinity.partitioned)) {
      value.append("; Partitioned");
    }
    if (affinity.path != null && !affinity.path.isEmpty()) {
      value.append("; Path=").append(affinity.path);
    }
    if (affinity.sameSite != null && !affinity.sameSite.isEmpty()) {
      value.append("; SameSite=").append(affinity.sameSite);
    }
    if (Boolean.TRUE.equals(affinity.secure)) {
      value.append("; Secure");
    }
    return value.toString();
  }

  private static String randomValue(RandomGenerator random) {
    StringBuilder value = new StringBuilder(VALUE_LENGTH);
    for (int i = 0; i < VALUE_LENGTH; i++) {
      value.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    }
    return value.toString();
  }
}

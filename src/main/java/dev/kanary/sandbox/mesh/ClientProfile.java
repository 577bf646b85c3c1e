package dev.kanary.sandbox.mesh;

import java.util.List;
import java.util.Map;

/**
 * A kind of client in a traffic stream: its name (which the mesh counts requests by), its share of
 * the stream, and the headers it sends.
 *
 * @param name the client's name, for example {@code safari}
 * @param weight its share of the stream, relative to the other clients'
 * @param headers the headers it sends, for example its user agent and cookies
 */
public record ClientProfile(String name, int weight, Map<String, String> headers) {

  private static final String CHROME_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Safari/537.36";
  private static final String FIREFOX_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
  private static final String SAFARI_AGENT =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.1 Safari/605.1.15";

  /**
   * The browsers of the tutorial's users: mostly Chrome (whose user agent names Safari too) and
   * Firefox, some Safari, and some Chrome users with the {@code type=insider} cookie.
   *
   * @return the mix
   */
  public static List<ClientProfile> browsers() {
    return List.of(
        new ClientProfile("chrome", 55, Map.of("User-Agent", CHROME_AGENT)),
        new ClientProfile("firefox", 20, Map.of("User-Agent", FIREFOX_AGENT)),
        new ClientProfile("safari", 15, Map.of("User-Agent", SAFARI_AGENT)),
        new ClientProfile(
            "insider",
            10,
            Map.of("User-Agent", CHROME_AGENT, "Cookie", "type=insider;session=4f2a")));
  }

  /**
   * One kind of client only.
   *
   * @param name its name
   * @param headers the headers it sends
   * @return the mix
   */
  public static List<ClientProfile> only(String name, Map<String, String> headers) {
    return List.of(new ClientProfile(name, 1, headers));
  }
}
